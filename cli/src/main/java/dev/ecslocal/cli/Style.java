package dev.ecslocal.cli;

/** ANSI colour for a terminal, plain text everywhere else (pipes, files, CI logs, NO_COLOR). */
record Style(boolean enabled) {
    /** Containers' prefixes cycle through these, as compose's do. */
    private static final String[] PALETTE = {"36", "33", "32", "35", "34", "96", "93", "92", "95", "94"};

    String bold(String text) {
        return wrap("1", text);
    }

    String dim(String text) {
        return wrap("2", text);
    }

    String red(String text) {
        return wrap("31", text);
    }

    String yellow(String text) {
        return wrap("33", text);
    }

    String green(String text) {
        return wrap("32", text);
    }

    /** The colour of the {@code index}-th container. */
    String container(int index, String text) {
        return wrap(PALETTE[Math.floorMod(index, PALETTE.length)], text);
    }

    private String wrap(String code, String text) {
        return enabled ? "\u001B[" + code + "m" + text + "\u001B[0m" : text;
    }
}
