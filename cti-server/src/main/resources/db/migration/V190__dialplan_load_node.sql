-- Issue 14 item 6: `dialplan load` loads every Asterisk node (or one named node); each node's
-- attempt is audited on its own row with the node's name (ami.nodes[].name). NULL: a load refused
-- before any node was touched, or one made before nodes had names (the first node's).
ALTER TABLE dialplan_loads ADD COLUMN node VARCHAR(32);
