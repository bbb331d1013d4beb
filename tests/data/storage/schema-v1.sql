-- SPDX-License-Identifier: GPL-3.0-or-later
-- A library as Juxta's schema 1 wrote it (prompts only, no run history, no search index).
CREATE TABLE prompt (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL DEFAULT '', folder TEXT NOT NULL DEFAULT '', favourite INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE prompt_tag (prompt_id INTEGER NOT NULL REFERENCES prompt(id) ON DELETE CASCADE, tag TEXT NOT NULL, PRIMARY KEY (prompt_id, tag)) WITHOUT ROWID;
CREATE INDEX prompt_tag_by_tag ON prompt_tag(tag);
CREATE TABLE prompt_version (id INTEGER PRIMARY KEY, prompt_id INTEGER NOT NULL REFERENCES prompt(id) ON DELETE CASCADE, number INTEGER NOT NULL, system_text TEXT NOT NULL DEFAULT '', user_text TEXT NOT NULL DEFAULT '', variables TEXT NOT NULL DEFAULT '{}', parameters TEXT NOT NULL DEFAULT '{}', models TEXT NOT NULL DEFAULT '[]', note TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, UNIQUE (prompt_id, number));
INSERT INTO prompt VALUES (1, 'Haiku writer', 'Writes a haiku about a subject', 'Poetry', 1, '2025-01-02T10:00:00.000Z', '2025-01-03T10:00:00.000Z');
INSERT INTO prompt VALUES (2, 'Bug hunter', 'Finds bugs in a diff', 'Code', 0, '2025-01-04T10:00:00.000Z', '2025-01-04T10:00:00.000Z');
INSERT INTO prompt VALUES (3, 'Übersetzer', 'Translates into German', '', 0, '2025-01-05T10:00:00.000Z', '2025-01-05T10:00:00.000Z');
INSERT INTO prompt_tag VALUES (1, 'creative');
INSERT INTO prompt_tag VALUES (1, 'short');
INSERT INTO prompt_tag VALUES (2, 'code');
INSERT INTO prompt_version VALUES (1, 1, 1, '', 'Write a haiku about {{subject}}.', '{"subject":"autumn"}', '{}', '[]', 'first', '2025-01-02T10:00:00.000Z');
INSERT INTO prompt_version VALUES (2, 1, 2, 'You are a poet.', 'Write a haiku about {{subject}} in {{language}}.', '{"subject":"autumn","language":"English"}', '{"temperature":0.9}', '["openai:gpt-5-mini"]', 'adds language', '2025-01-03T10:00:00.000Z');
INSERT INTO prompt_version VALUES (3, 2, 1, 'You are a meticulous reviewer.', 'Find the bugs in this diff:\n{{diff}}', '{}', '{}', '[]', '', '2025-01-04T10:00:00.000Z');
INSERT INTO prompt_version VALUES (4, 3, 1, '', 'Translate into German: {{text}}', '{}', '{}', '[]', '', '2025-01-05T10:00:00.000Z');
PRAGMA user_version = 1;
