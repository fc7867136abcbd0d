-- The enterprise's name as the caller gave it, recorded by the agent at wrap-up; the next call
-- from the same number shows it in the screen pop (call.offered "enterprise").
ALTER TABLE wrapups ADD COLUMN enterprise VARCHAR(200);
