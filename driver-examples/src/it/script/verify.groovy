// Drover's check of its example (driver-examples/check-example.groovy), run by its build: not part of a driver.
evaluate(new File(checkExample))
