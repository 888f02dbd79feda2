// Run after each example's build (the build passing is not enough): its conformance test ran whole,
// and the docs show its pom exactly as it is, so what a reader copies is what CI builds.
def summary = new File(basedir, 'target/failsafe-reports/failsafe-summary.xml').text
def count = { String tag -> (summary =~ "<${tag}>(\\d+)</${tag}>")[0][1] as int }
assert count('completed') > 0 : "${basedir.name}: the conformance test did not run"
assert count('failures') == 0 && count('errors') == 0 && count('skipped') == 0 : summary

def pom = new File(basedir, 'pom.xml').text.trim()
def shown = new File(docs).listFiles().findAll { it.name.endsWith('.md') }
        .collectMany { doc -> (doc.text =~ /(?s)```xml\n(.*?)```/).collect { it[1].trim() } }
assert shown.contains(pom) : "no page in ${docs} shows ${basedir.name}/pom.xml as it is"
