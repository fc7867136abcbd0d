package org.hotline.softphone.ui;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.softphone.phone.Call;
import org.hotline.softphone.phone.MediaStats;
import org.hotline.softphone.phone.Phone;
import org.hotline.softphone.phone.PhoneEvent;
import org.hotline.softphone.phone.PhoneException;
import org.hotline.softphone.phone.PhoneListener;
import org.hotline.softphone.phone.RegistrationState;

/** A Phone that records the commands it gets; the test emits the events. */
final class FakePhone implements Phone {

    final List<String> commands = new CopyOnWriteArrayList<>();
    final List<PhoneListener> listeners = new CopyOnWriteArrayList<>();
    volatile PhoneException failNext;
    volatile Call current;

    record FakeCall(String id, Direction direction, String remoteNumber) implements Call {
        @Override
        public String remoteName() {
            return null;
        }

        @Override
        public State state() {
            return State.ACTIVE;
        }

        @Override
        public Instant startedAt() {
            return Instant.now();
        }

        @Override
        public MediaStats mediaStats() {
            return null;
        }
    }

    void emit(PhoneEvent e) {
        listeners.forEach(l -> l.onEvent(e));
    }

    private void command(String c) {
        PhoneException f = failNext;
        if (f != null) {
            failNext = null;
            throw f;
        }
        commands.add(c);
    }

    @Override
    public void addListener(PhoneListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(PhoneListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void register() {
        command("register");
    }

    @Override
    public void unregister() {
        command("unregister");
    }

    @Override
    public RegistrationState registrationState() {
        return RegistrationState.REGISTERED;
    }

    @Override
    public Call dial(String number) {
        command("dial " + number);
        current = new FakeCall("out-1", Call.Direction.OUTGOING, number);
        return current;
    }

    @Override
    public void answer() {
        command("answer");
    }

    @Override
    public void hangup() {
        command("hangup");
    }

    @Override
    public void hold() {
        command("hold");
    }

    @Override
    public void resume() {
        command("resume");
    }

    @Override
    public void sendDtmf(char digit) {
        command("dtmf " + digit);
    }

    @Override
    public Optional<Call> currentCall() {
        return Optional.ofNullable(current);
    }

    @Override
    public void close() {}
}
