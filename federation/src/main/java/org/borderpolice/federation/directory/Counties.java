package org.borderpolice.federation.directory;

/**
 * Whether a county (GB/T 2260 code) lies in a jurisdiction: a county-level jurisdiction (330881,
 * 350722, 361103) holds only itself; a city-level one (330800) every code under its prefix (3308),
 * a province-level one (330000) every code under 33.
 */
public final class Counties {

    private Counties() {}

    /** Why {@code county} does not lie in {@code jurisdiction}, or null if it does. */
    public static String problem(String jurisdiction, String county) {
        String prefix = jurisdiction;
        while (prefix.length() > 2 && prefix.endsWith("00")) {
            prefix = prefix.substring(0, prefix.length() - 2);
        }
        if (county.startsWith(prefix) && (prefix.length() < jurisdiction.length() || county.equals(jurisdiction))) {
            return null;
        }
        return county + " does not lie in the jurisdiction " + jurisdiction;
    }
}
