package org.borderpolice.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway's default routes reach every REST resource of the suite's services: a resource a
 * service adds under a new prefix is otherwise unreachable through the gateway (as the requests to
 * join a case were). Read from the services' sources, which the reactor builds beside this module.
 */
class DefaultRoutesTest {

    static final Pattern CLASS_PATH = Pattern.compile("^@Path\\(\"(/api/v1/[^\"]*)\"\\)", Pattern.MULTILINE);

    static Routes defaults() throws IOException {
        Properties p = new Properties();
        try (InputStream in = DefaultRoutesTest.class.getResourceAsStream("/application.properties")) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        Map<String, List<String>> prefixes = new LinkedHashMap<>();
        for (String service : List.of("case-exchange", "intel-sharing", "joint-mediation")) {
            String value = p.getProperty("border.gateway.services." + service + ".prefixes");
            assertNotNull(value, service);
            prefixes.put(service, List.of(value.split(",")));
        }
        return new Routes(prefixes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"case-exchange", "intel-sharing", "joint-mediation"})
    void everyResourceOfTheServiceIsRoutedToIt(String service) throws IOException {
        Path sources = Path.of("..", service, "src", "main", "java");
        TreeSet<String> paths = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                try {
                    Matcher m = CLASS_PATH.matcher(Files.readString(f));
                    while (m.find()) {
                        paths.add(m.group(1).replaceAll("\\{[^}]+}", "x"));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        assertFalse(paths.isEmpty(), "no resources found under " + sources.toAbsolutePath());
        Routes routes = defaults();
        for (String path : paths) {
            Routes.Target target = routes.match(path);
            assertEquals(service, target == null ? null : target.service(), path);
        }
    }
}
