package org.hotline.softphone;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.hotline.softphone.cti.CtiClient;
import org.hotline.softphone.cti.CtiLogin;
import org.hotline.softphone.cti.RestDeskApi;
import org.hotline.softphone.cti.WsCtiClient;
import org.hotline.softphone.headless.EventFormat;
import org.hotline.softphone.headless.HeadlessRunner;
import org.hotline.softphone.media.MediaFactory;
import org.hotline.softphone.phone.PhoneException;
import org.hotline.softphone.sip.SipPhone;
import org.hotline.softphone.sip.SipPhoneConfig;
import org.hotline.softphone.ui.Desktop;
import org.hotline.softphone.ui.LoginDetails;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of the agent softphone; the only place that sees the concrete SIP phone. */
@Command(
        name = "softphone-agent",
        mixinStandardHelpOptions = true,
        version = "0.1.0",
        description = "Agent softphone for the 12345 hotline enterprise desk.")
public final class Main implements Callable<Integer> {

    @Option(names = "--headless", description = "Run without a window, driven by commands.")
    boolean headless;

    @Option(
            names = "--server",
            defaultValue = "127.0.0.1:5060",
            description = "Registrar/proxy host[:port] (default: ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--user", description = "Extension, e.g. 8001 (required with --headless).")
    String user;

    @Option(
            names = "--cti",
            description = "CTI server URL, e.g. http://127.0.0.1:8080, or an active/standby "
                    + "pair http://a:8080,http://b:8080 (tried in turn on connection loss or a standby answer; headless: "
                    + "enables cti-login, transfer, wrapup…; window: pre-fills the login dialog).")
    String cti;

    @Option(
            names = "--agent",
            description = "CTI user name (default: the extension). Its password "
                    + "comes from the environment variable CTI_PASSWORD, never the command line.")
    String agent;

    @Option(
            names = "--password",
            description = "SIP password; default from the environment " + "variable SOFTPHONE_PASSWORD. Never logged.")
    String password;

    @Option(
            names = "--local-ip",
            defaultValue = SipPhoneConfig.DEFAULT_LOCAL_IP,
            description = "Address to bind SIP and RTP to (default: ${DEFAULT-VALUE}).")
    String localIp;

    @Option(
            names = "--local-port",
            defaultValue = "" + SipPhoneConfig.DEFAULT_LOCAL_PORT,
            description = "SIP UDP port (default: ${DEFAULT-VALUE}).")
    int localPort;

    @Option(
            names = "--rtp-ports",
            defaultValue = SipPhoneConfig.DEFAULT_RTP_PORT_MIN + "-" + SipPhoneConfig.DEFAULT_RTP_PORT_MAX,
            description = "RTP port range MIN-MAX (default: ${DEFAULT-VALUE}).")
    String rtpPorts;

    @Option(
            names = "--expires",
            defaultValue = "300",
            description = "Registration expiry to ask for, seconds (default: ${DEFAULT-VALUE}).")
    int expires;

    @Option(
            names = "--audio",
            defaultValue = "TONE",
            description = "Audio: DEVICE (sound card, tone if none), TONE (440 Hz), SILENCE "
                    + "(default: ${DEFAULT-VALUE}).")
    MediaFactory.AudioMode audio;

    @Option(
            names = "--login",
            description = "Window: log in at once with the pre-filled details "
                    + "(passwords from CTI_PASSWORD and SOFTPHONE_PASSWORD).")
    boolean autoLogin;

    @Option(names = "--no-register", description = "Do not register at start (peer-to-peer tests).")
    boolean noRegister;

    @Option(
            names = "--script",
            description =
                    "Read commands from FILE instead of stdin; " + "stop at the first failing step (exit code 1).")
    Path script;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!headless) {
            return window();
        }
        if (user == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--user is required");
        }
        SipPhoneConfig config;
        MediaFactory media;
        CtiLogin ctiLogin = null;
        try {
            if (cti != null) {
                ctiLogin = CtiLogin.of(
                        cti, agent != null ? agent : user, System.getenv().getOrDefault("CTI_PASSWORD", ""), user);
            }
            config = config();
            media = MediaFactory.create(
                    InetAddress.getByName(localIp), config.rtpPortMin(), config.rtpPortMax(), audio);
        } catch (IllegalArgumentException e) {
            // SipPhoneConfig validates every value; its message names the option at fault
            System.out.println("event=error command=start id=bad-config message=" + EventFormat.quote(e.getMessage()));
            return 2;
        }
        try (SipPhone phone = new SipPhone(config, media);
                CtiClient ctiClient = ctiLogin == null ? null : new WsCtiClient()) {
            // Ctrl-C or SIGTERM: still hang up and unregister, so Asterisk does not ring a ghost.
            Thread hook = new Thread(phone::close, "softphone-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            HeadlessRunner runner = new HeadlessRunner(phone, ctiClient, ctiLogin, System.out, script != null);
            if (!noRegister) {
                phone.register();
            }
            int code;
            try (BufferedReader in = script != null
                    ? Files.newBufferedReader(script, StandardCharsets.UTF_8)
                    : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                code = runner.run(in);
            }
            if (phone.currentCall().isPresent()) {
                phone.hangup();
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            return code;
        } catch (PhoneException e) {
            System.out.println(
                    "event=error command=start id=" + e.id() + " message=" + EventFormat.quote(e.getMessage()));
            return 1;
        }
    }

    /** Opens the login dialog, pre-filled from the options; runs until the window closes. */
    private Integer window() throws InterruptedException {
        if (java.awt.GraphicsEnvironment.isHeadless()) {
            System.err.println("No display: set DISPLAY (e.g. run under xvfb-run) or use --headless.");
            return 2;
        }
        String ext = user != null ? user : "8001";
        String sipPw = password != null ? password : System.getenv("SOFTPHONE_PASSWORD");
        LoginDetails defaults = new LoginDetails(
                cti != null ? cti : "http://127.0.0.1:8080",
                agent != null ? agent : ext,
                System.getenv("CTI_PASSWORD"),
                ext,
                server,
                sipPw);
        WsCtiClient ctiClient = new WsCtiClient();
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        Desktop desktop = new Desktop(
                (sipServer, extension, sipPassword) -> {
                    user = extension;
                    server = sipServer;
                    password = sipPassword;
                    SipPhoneConfig config = config();
                    return new SipPhone(
                            config,
                            MediaFactory.create(inet(localIp), config.rtpPortMin(), config.rtpPortMax(), audio));
                },
                ctiClient,
                RestDeskApi::new);
        desktop.whenClosed(closed::countDown);
        Runtime.getRuntime().addShutdownHook(new Thread(desktop::close, "softphone-shutdown"));
        desktop.open(defaults, autoLogin);
        closed.await();
        return 0;
    }

    private static InetAddress inet(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--local-ip: unknown address " + ip);
        }
    }

    private SipPhoneConfig config() {
        String pw = password != null && !password.isEmpty() ? password : System.getenv("SOFTPHONE_PASSWORD");
        if (pw == null) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--password or SOFTPHONE_PASSWORD is required");
        }
        String host = server;
        int port = SipPhoneConfig.DEFAULT_SERVER_PORT;
        int colon = server.lastIndexOf(':');
        if (colon > 0) {
            host = server.substring(0, colon);
            String p = server.substring(colon + 1);
            if (!p.matches("\\d{1,5}")) {
                throw new IllegalArgumentException("--server must be HOST[:PORT], was: " + server);
            }
            port = Integer.parseInt(p);
        }
        String[] range = rtpPorts.split("-");
        if (range.length != 2
                || !range[0].trim().matches("\\d+")
                || !range[1].trim().matches("\\d+")) {
            throw new IllegalArgumentException("--rtp-ports must be MIN-MAX, e.g. 16384-16999, " + "was: " + rtpPorts);
        }
        return SipPhoneConfig.of(host, port, user, pw, localIp, localPort)
                .withRtpPorts(Integer.parseInt(range[0].trim()), Integer.parseInt(range[1].trim()))
                .withRegisterExpires(Duration.ofSeconds(expires));
    }
}
