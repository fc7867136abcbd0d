package org.hotline.cti.cli;

import picocli.CommandLine.Option;

/** Where the running server is and whom to log in as: shared by the commands that use its API. */
final class ServerOptions {
    @Option(
            names = "--server",
            defaultValue = "${env:CTI_SERVER:-http://127.0.0.1:8080}",
            description = "The CTI server (default: ${DEFAULT-VALUE}).")
    String server;

    @Option(
            names = "--user",
            defaultValue = "supervisor",
            description = "User to log in as (default: ${DEFAULT-VALUE}).")
    String user;

    ApiClient connect() {
        return new ApiClient(server, user, ApiClient.PASSWORD_ENV);
    }
}
