package dev.ecslocal.cli;

/** ANSI colour for a terminal, plain text everywhere else (pipes, files, CI logs, NO_COLOR). */
record Style(boolean enabled) {
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

    private String wrap(String code, String text) {
        return enabled ? "\u001B[" + code + "m" + text + "\u001B[0m" : text;
    }
}
