-- Every enterprise call with its outcome (issue #2). Times are UTC instants; days are cut in the
-- hotline's zone by the application.
CREATE TABLE calls (
    id             VARCHAR(64)  NOT NULL PRIMARY KEY,
    caller         VARCHAR(64)  NOT NULL,
    dialed         VARCHAR(64)  NOT NULL,
    arrived_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    queue_name     VARCHAR(64),
    queued_at      TIMESTAMP WITH TIME ZONE,
    offered_at     TIMESTAMP WITH TIME ZONE,
    ringing_agent  VARCHAR(32),
    answered_at    TIMESTAMP WITH TIME ZONE,
    agent          VARCHAR(32),
    after_hours    BOOLEAN      NOT NULL,
    missed_reason  VARCHAR(32),
    ended_at       TIMESTAMP WITH TIME ZONE,
    end_cause      INTEGER,
    end_cause_text VARCHAR(128),
    call_state     VARCHAR(16)  NOT NULL,
    outcome        VARCHAR(16),
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX calls_arrived_at ON calls (arrived_at);
CREATE INDEX calls_caller ON calls (caller);

-- The call's timeline; (call_id, seq) makes a step impossible to store twice.
CREATE TABLE call_events (
    call_id VARCHAR(64)  NOT NULL REFERENCES calls (id),
    seq     INTEGER      NOT NULL,
    at      TIMESTAMP WITH TIME ZONE NOT NULL,
    kind    VARCHAR(32)  NOT NULL,
    agent   VARCHAR(32),
    detail  VARCHAR(512),
    PRIMARY KEY (call_id, seq)
);
