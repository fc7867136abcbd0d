#!/usr/bin/env python3
"""Records real AMI traffic from the sandbox Asterisk for the translator's unit tests.

Run as root from the repository root with the sandbox up (`pbx sandbox up`):
    python3 cti-server/src/test/resources/ami/record_ami.py cti-server/src/test/resources/ami
One AMI connection (Events: on) only records; a second one (Events: off) drives and polls,
so the recordings hold nothing but what a CTI connected at that moment would have received.
Each file is the exact byte stream (CRLF kept) from just before the scenario starts until the
PBX is idle again.
"""
import os, socket, subprocess, sys, threading, time

AMI = ("127.0.0.1", 5038)
SECRET = "hotline-sandbox-ami"
SIPP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sipp")
OUT = sys.argv[1] if len(sys.argv) > 1 else "."


class Ami:
    def __init__(self, events):
        self.sock = socket.create_connection(AMI, timeout=10)
        self.buf = bytearray()
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for(b"\r\n")  # banner
        self.send("Login", Username="cti", Secret=SECRET, Events="on" if events else "off")
        self.wait_for(b"Message: Authentication accepted\r\n\r\n")

    def _read(self):
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.buf += data
                self.lock.notify_all()

    def send(self, action, **fields):
        msg = "Action: %s\r\n" % action + "".join("%s: %s\r\n" % kv for kv in fields.items()) + "\r\n"
        self.sock.sendall(msg.encode())

    def mark(self):
        with self.lock:
            return len(self.buf)

    def wait_for(self, needle, start=0, timeout=30):
        deadline = time.monotonic() + timeout
        with self.lock:
            while self.buf.find(needle, start) < 0:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("no %r in AMI stream" % needle)
                self.lock.wait(left)
            return self.buf.find(needle, start) + len(needle)

    def wait_for_any(self, needles, start, timeout=30):
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                for needle in needles:
                    at = self.buf.find(needle, start)
                    if at >= 0:
                        return at + len(needle)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("none of %r in AMI stream" % needles)
                self.lock.wait(left)

    def request(self, action, complete=None, **fields):
        """Sends an action with a fresh ActionID and returns its whole reply text (list actions: until complete)."""
        aid = "%s-%d" % (action, time.monotonic_ns())
        start = self.mark()
        self.send(action, ActionID=aid, **fields)
        end_marker = ("Event: %s\r\nActionID: %s" % (complete, aid)) if complete else ("ActionID: %s" % aid)
        error = ("Response: Error\r\nActionID: %s" % aid).encode()
        end = self.wait_for_any([end_marker.encode(), error], start)
        end = self.wait_for(b"\r\n\r\n", end)
        return bytes(self.buf[start:end]).decode()

    def slice(self, start):
        with self.lock:
            return bytes(self.buf[start:])


def udp_bound(ip, port):
    want = "%s:%04X" % ("".join("%02X" % int(p) for p in reversed(ip.split("."))), port)
    with open("/proc/net/udp") as f:
        return any(line.split()[1] == want for line in f.readlines()[1:])


def peer(scenario, ip, port):
    p = subprocess.Popen(["sipp", "-sf", os.path.join(SIPP, scenario), "-i", ip, "-p", str(port), "-aa",
                          "-m", "1", "-nostdin"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    poll(lambda: udp_bound(ip, port), 5, "sipp peer %s:%d did not bind" % (ip, port))
    return p


def caller(scenario, number, hold_ms, port, debug=None):
    trace = ["-trace_err", "-error_file", debug + ".err", "-trace_msg", "-message_file", debug + ".msg"] if debug else []
    return subprocess.Popen(["sipp"] + trace + [ "-sf", os.path.join(SIPP, scenario), "-i", "127.0.0.2", "-p", str(port),
                             "-key", "caller", number, "-s", "12345", "-d", str(hold_ms), "-m", "1",
                             "-recv_timeout", "60000", "-nostdin", "127.0.0.1:5060"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def poll(cond, timeout, what):
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)


def channels(ctl):
    reply = ctl.request("CoreShowChannels", complete="CoreShowChannelsComplete")
    return [block for block in reply.split("\r\n\r\n") if "Event: CoreShowChannel\r\n" in block]


def field(block, name):
    for line in block.split("\r\n"):
        if line.startswith(name + ": "):
            return line[len(name) + 2:]
    return ""


def idle(ctl, timeout=45):
    poll(lambda: not channels(ctl), timeout, "PBX not idle")


def finish(procs, timeout=60):
    for p in procs:
        rc = p.wait(timeout)
        if rc != 0:
            raise RuntimeError("sipp %s exited %d" % (p.args[2], rc))


def save(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    print("%s: %d bytes" % (name, len(data)))


def main():
    rec, ctl = Ami(True), Ami(False)
    idle(ctl)
    if "--conference-only" not in sys.argv:
        calls(rec, ctl)
    conference(rec, ctl)


def calls(rec, ctl):

    start = rec.mark()
    agent = peer("answer.xml", "127.0.0.4", 5101)
    finish([caller("caller.xml", "13800000001", 2000, 5201), agent])
    idle(ctl)
    save("answered.txt", rec.slice(start))

    start = rec.mark()
    finish([caller("caller-cancel.xml", "13800000002", 3000, 5202)])
    idle(ctl)
    save("abandoned.txt", rec.slice(start))

    ctl.request("Setvar", Variable="HOTLINE_QUEUE_WAIT", Value="5")
    start = rec.mark()
    finish([caller("caller-hungup.xml", "13800000003", 0, 5203)])
    idle(ctl)
    save("timeout.txt", rec.slice(start))
    ctl.request("Setvar", Variable="HOTLINE_QUEUE_WAIT", Value="60")

    ctl.request("DBPut", Family="hotline", Key="mode", Val="closed")
    start = rec.mark()
    finish([caller("caller-hungup.xml", "13800000004", 0, 5204)])
    idle(ctl)
    save("after-hours.txt", rec.slice(start))
    ctl.request("DBDel", Family="hotline", Key="mode")

    queued = caller("caller-cancel.xml", "13800000006", 4000, 5206)
    poll(lambda: "Event: QueueEntry" in ctl.request("QueueStatus", complete="QueueStatusComplete",
                                                    Queue="enterprise-desk"), 10, "caller not queued")
    save("resync-queued.txt", (rec.request("CoreShowChannels", complete="CoreShowChannelsComplete")
                               + rec.request("QueueStatus", complete="QueueStatusComplete")).encode())
    finish([queued])
    idle(ctl)

    agent = peer("answer.xml", "127.0.0.4", 5101)
    bridged = caller("caller.xml", "13800000007", 4000, 5207)
    poll(lambda: sum(1 for c in channels(ctl) if field(c, "BridgeId")) == 2, 10, "call not bridged")
    save("resync-bridged.txt", (rec.request("CoreShowChannels", complete="CoreShowChannelsComplete")
                                + rec.request("QueueStatus", complete="QueueStatusComplete")).encode())
    finish([bridged, agent])
    idle(ctl)


def conference(rec, ctl):
    """Three-way transfer: caller + agent redirected into room 7001, specialist originated into it."""
    start = rec.mark()
    agent = peer("answer.xml", "127.0.0.4", 5101)
    specialist = peer("answer.xml", "127.0.0.3", 5071)
    conf_caller = caller("caller.xml", "13800000005", 8000, 5205)
    poll(lambda: sum(1 for c in channels(ctl) if field(c, "BridgeId")) == 2, 10, "call not bridged")
    chans = {field(c, "Channel") for c in channels(ctl)}
    caller_chan = next(c for c in chans if c.startswith("PJSIP/enterprise-"))
    agent_chan = next(c for c in chans if c.startswith("PJSIP/8101-"))
    print(ctl.request("Redirect", Channel=caller_chan, ExtraChannel=agent_chan, Context="hotline-conference",
                      Exten="7001", Priority="1", ExtraContext="hotline-conference", ExtraExten="7001",
                      ExtraPriority="1").strip())
    print(ctl.request("Originate", Channel="PJSIP/specialists/sip:2001@127.0.0.3:5071",
                      Context="hotline-conference-specialist", Exten="7001", Priority="1",
                      CallerID="12345", Timeout="15000", Async="true").strip())
    poll(lambda: ctl.request("ConfbridgeList", complete="ConfbridgeListComplete", Conference="7001")
         .count("Event: ConfbridgeList\r\n") == 3, 15, "three parties not in the conference")
    listing = rec.request("ConfbridgeList", complete="ConfbridgeListComplete", Conference="7001")
    print("ConfbridgeList 7001: %d parties" % listing.count("Event: ConfbridgeList\r\n"))
    finish([conf_caller])  # the caller hangs up first; the agent and the specialist stay in the room
    ctl.request("Hangup", Channel="/^PJSIP\\//")
    finish([agent, specialist])
    idle(ctl)
    save("conference.txt", rec.slice(start))


if __name__ == "__main__":
    main()
