-- SPDX-License-Identifier: GPL-3.0-or-later
-- A library and run history as Juxta's schema 2 wrote them (before runs remembered re-runs).
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
CREATE TABLE run (id INTEGER PRIMARY KEY,created_at TEXT NOT NULL,prompt_version_id INTEGER REFERENCES prompt_version(id) ON DELETE SET NULL,prompt_name TEXT NOT NULL DEFAULT '',prompt_version_number INTEGER,variables TEXT NOT NULL DEFAULT '{}',system_text TEXT NOT NULL DEFAULT '',prompt_text TEXT NOT NULL);
CREATE INDEX run_by_time ON run(created_at);
CREATE INDEX prompt_by_name ON prompt(name COLLATE NOCASE);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX run_by_version ON run(prompt_version_id);
CREATE TABLE run_pane (id INTEGER PRIMARY KEY,run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,pane_index INTEGER NOT NULL,preset TEXT NOT NULL,endpoint_host TEXT NOT NULL DEFAULT '',model_requested TEXT NOT NULL,model_answered TEXT NOT NULL DEFAULT '',parameters TEXT NOT NULL DEFAULT '{}',system_prompt TEXT NOT NULL DEFAULT '',conversation TEXT NOT NULL DEFAULT '[]',output TEXT NOT NULL DEFAULT '',reasoning TEXT NOT NULL DEFAULT '',tool_calls TEXT NOT NULL DEFAULT '[]',finish_reason TEXT,error_kind TEXT,error_message TEXT,response_id TEXT NOT NULL DEFAULT '',annotations TEXT NOT NULL DEFAULT '[]',ttfb_ms INTEGER, ttft_ms INTEGER, total_ms INTEGER,input_tokens INTEGER, output_tokens INTEGER, reasoning_tokens INTEGER, cached_input_tokens INTEGER,tokens_per_second REAL, cost_usd REAL,estimated TEXT NOT NULL DEFAULT '[]',UNIQUE (run_id, pane_index));
CREATE INDEX run_pane_by_model ON run_pane(model_requested);
CREATE INDEX run_pane_by_preset ON run_pane(preset);
CREATE TRIGGER prompt_version_immutable BEFORE UPDATE ON prompt_version WHEN EXISTS (SELECT 1 FROM run WHERE prompt_version_id = OLD.id) BEGIN SELECT RAISE(ABORT, 'a prompt version used by a run cannot change; save a new version'); END;
CREATE VIRTUAL TABLE prompt_fts USING fts5(name, description, tags, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
CREATE VIRTUAL TABLE run_fts USING fts5(prompt, output, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
CREATE TRIGGER prompt_fts_delete AFTER DELETE ON prompt BEGIN DELETE FROM prompt_fts WHERE rowid = OLD.id; END;
CREATE TRIGGER run_fts_delete AFTER DELETE ON run BEGIN DELETE FROM run_fts WHERE rowid = OLD.id; END;
INSERT INTO prompt_fts (rowid, name, description, tags, body) SELECT p.id, p.name, p.description, COALESCE((SELECT group_concat(tag, ' ') FROM prompt_tag WHERE prompt_id = p.id), ''), COALESCE((SELECT system_text || ' ' || user_text FROM prompt_version WHERE prompt_id = p.id ORDER BY number DESC LIMIT 1), '') FROM prompt p;
INSERT INTO run VALUES (1, '2025-02-01T09:00:00.000Z', 2, 'Haiku writer', 2, '{"subject":"rain","language":"English"}', 'You are a poet.', 'Write a haiku about rain in English.');
INSERT INTO run VALUES (2, '2025-02-02T09:00:00.000Z', NULL, '', NULL, '{}', '', 'Why is the sky blue?');
INSERT INTO run_pane VALUES (1, 1, 0, 'openai', 'api.openai.com', 'gpt-5-mini', 'gpt-5-mini-2025-08-07', '{"temperature":0.9}', 'You are a poet.', '[{"role":"user","content":"Write a haiku about rain in English."},{"role":"assistant","content":"Soft rain on the roof"}]', 'Soft rain on the roof', '', '[]', 'stop', NULL, NULL, 'chatcmpl-1', '[]', 120, 340, 900, 20, 7, NULL, NULL, 12.5, 0.0001, '[]');
INSERT INTO run_pane VALUES (2, 1, 1, 'anthropic', 'api.anthropic.com', 'claude-sonnet-4-5', '', '{"temperature":0.9}', 'You are a poet.', '[]', '', '', '[]', NULL, 'overloaded', 'Overloaded', '', '[]', NULL, NULL, 400, NULL, NULL, NULL, NULL, NULL, NULL, '[]');
INSERT INTO run_pane VALUES (3, 2, 0, 'ollama', 'localhost', 'llama3.2:3b', 'llama3.2:3b', '{}', '', '[{"role":"user","content":"Why is the sky blue?"},{"role":"assistant","content":"Rayleigh scattering."}]', 'Rayleigh scattering.', 'Light scatters.', '[]', 'stop', NULL, NULL, '', '[]', 50, 80, 600, 9, 4, NULL, NULL, 30.0, NULL, '["cost_usd"]');
INSERT INTO run_fts (rowid, prompt, output) VALUES (1, 'Haiku writer
You are a poet.
Write a haiku about rain in English.', 'Soft rain on the roof
');
INSERT INTO run_fts (rowid, prompt, output) VALUES (2, '

Why is the sky blue?', 'Rayleigh scattering.
');
PRAGMA user_version = 2;
