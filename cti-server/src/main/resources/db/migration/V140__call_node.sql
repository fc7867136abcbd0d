-- Issue 14 item 6: the Asterisk node a call lived on (ami.nodes[].name in cti.yaml). Calls
-- stored before several nodes existed keep NULL: they belong to the first node listed.
ALTER TABLE calls ADD COLUMN node VARCHAR(32);
