package org.drover.api.http;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A test double of an interface made from an object that has only the methods the API calls:
 * a call of any other method is the API reaching for something these tests never gave it, and
 * fails loudly instead of answering a default.
 */
final class Partial {

    private Partial() {
    }

    static <T> T of(Class<T> type, Object answers) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(answers, args);
            }
            Method answer = answering(answers.getClass(), method);
            if (answer == null && method.isDefault()) {
                return InvocationHandler.invokeDefault(self, method, args);
            }
            if (answer == null) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
            }
            try {
                return answer.invoke(answers, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return type.cast(proxy);
    }

    private static Method answering(Class<?> answers, Method method) {
        try {
            Method m = answers.getDeclaredMethod(method.getName(), method.getParameterTypes());
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
