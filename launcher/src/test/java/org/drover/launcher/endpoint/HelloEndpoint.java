package org.drover.launcher.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.drover.api.http.spi.ApiEndpoint;
import org.drover.api.http.spi.ApiRequest;
import org.drover.api.http.spi.ApiResponse;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * A bundle of its own (see {@link #bundle}) that adds {@code /v1/hello} to the
 * agent's API while it is started: it says hello to what follows its path,
 * and fails on {@code /v1/hello/boom}.
 */
public final class HelloEndpoint implements BundleActivator, ApiEndpoint {

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ApiEndpoint.PATH, "/v1/hello");
        context.registerService(ApiEndpoint.class, this, props);
    }

    @Override
    public void stop(BundleContext context) {
        // The framework unregisters the service.
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        if (request.rest().equals("/boom")) {
            throw new IllegalStateException("boom");
        }
        return ApiResponse.json(200, "{\"hello\":\"" + request.rest() + "\",\"method\":\"" + request.method() + "\"}");
    }

    /** Writes the bundle: this class and a manifest that imports the endpoint API and the framework. */
    public static Path bundle(Path jar) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "org.drover.test.hello-endpoint");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", HelloEndpoint.class.getName());
        a.putValue("Import-Package", "org.drover.api.http.spi;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.8,2)\"");
        String entry = HelloEndpoint.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m);
                InputStream clazz = HelloEndpoint.class.getClassLoader().getResourceAsStream(entry)) {
            j.putNextEntry(new JarEntry(entry));
            clazz.transferTo(j);
            j.closeEntry();
        }
        return jar;
    }
}
