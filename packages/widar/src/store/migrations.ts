/**
 * The store's schema, as numbered migrations applied in order, each once, each in its own
 * transaction (database.ts). A migration is never edited once released: a change of schema is
 * a new migration. `PRAGMA user_version` holds the number of the last one applied.
 *
 * JSON columns hold JSON text (SQLite's json functions read them); times are ISO 8601 text.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "alerts, incidents, rule runs, checkpoints",
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE rules (
        rule_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        sentinel_rule_id TEXT,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        query_frequency_ms REAL NOT NULL,
        query_period_ms REAL NOT NULL,
        tactics TEXT NOT NULL,
        techniques TEXT NOT NULL,
        file TEXT NOT NULL,
        query TEXT NOT NULL
      );

      CREATE TABLE alerts (
        alert_id TEXT PRIMARY KEY,
        rule_id TEXT NOT NULL,
        rule_name TEXT NOT NULL,
        sentinel_rule_id TEXT,
        source TEXT NOT NULL,
        severity TEXT NOT NULL,
        display_name TEXT NOT NULL,
        description TEXT NOT NULL,
        tactics TEXT NOT NULL,
        techniques TEXT NOT NULL,
        window_start TEXT NOT NULL,
        window_end TEXT NOT NULL,
        start_time TEXT NOT NULL,
        end_time TEXT NOT NULL,
        event_grouping TEXT NOT NULL,
        kind TEXT NOT NULL,
        entities TEXT NOT NULL,
        custom_details TEXT NOT NULL,
        dynamic_properties TEXT NOT NULL,
        extended_properties TEXT NOT NULL,
        rows TEXT NOT NULL,
        result_count INTEGER NOT NULL,
        incident_id TEXT REFERENCES incidents(incident_id),
        seq INTEGER NOT NULL
      );
      CREATE INDEX alerts_by_rule ON alerts(rule_id, source, window_end);
      CREATE INDEX alerts_by_incident ON alerts(incident_id);
      CREATE INDEX alerts_by_time ON alerts(window_end);
      CREATE UNIQUE INDEX alerts_by_seq ON alerts(seq);

      -- One row per entity of an alert, keyed canonically (type and identifiers, lower case):
      -- what incident grouping matches and what 'widar alerts --entity' filters on.
      CREATE TABLE alert_entities (
        alert_id TEXT NOT NULL REFERENCES alerts(alert_id),
        entity_type TEXT NOT NULL,
        entity_key TEXT NOT NULL,
        PRIMARY KEY (alert_id, entity_key)
      );
      CREATE INDEX alert_entities_by_key ON alert_entities(entity_key);

      CREATE TABLE incidents (
        incident_id TEXT PRIMARY KEY,
        incident_number INTEGER NOT NULL UNIQUE,
        rule_id TEXT NOT NULL,
        source TEXT NOT NULL,
        grouping_key TEXT,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        severity TEXT NOT NULL,
        status TEXT NOT NULL,
        owner TEXT,
        classification TEXT,
        classification_reason TEXT,
        classification_comment TEXT,
        created_time TEXT NOT NULL,
        first_alert_time TEXT NOT NULL,
        first_activity_time TEXT NOT NULL,
        last_activity_time TEXT NOT NULL,
        last_modified_time TEXT NOT NULL,
        closed_time TEXT,
        alert_count INTEGER NOT NULL,
        tactics TEXT NOT NULL,
        techniques TEXT NOT NULL
      );
      CREATE INDEX incidents_by_group ON incidents(rule_id, source, grouping_key, first_alert_time);

      CREATE TABLE incident_comments (
        comment_id INTEGER PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents(incident_id),
        created_time TEXT NOT NULL,
        author TEXT NOT NULL,
        message TEXT NOT NULL
      );

      -- Every version of every incident, as Log Analytics keeps SecurityIncident: a row per change.
      CREATE TABLE incident_history (
        incident_id TEXT NOT NULL REFERENCES incidents(incident_id),
        version INTEGER NOT NULL,
        time_generated TEXT NOT NULL,
        modified_by TEXT NOT NULL,
        snapshot TEXT NOT NULL,
        PRIMARY KEY (incident_id, version)
      );

      CREATE TABLE rule_runs (
        rule_id TEXT NOT NULL,
        source TEXT NOT NULL,
        window_end TEXT NOT NULL,
        window_start TEXT NOT NULL,
        rule_name TEXT NOT NULL,
        status TEXT NOT NULL,
        result_count INTEGER NOT NULL,
        alert_count INTEGER NOT NULL,
        entity_count INTEGER NOT NULL,
        duration_ms REAL NOT NULL,
        executed_time TEXT NOT NULL,
        diagnostic_code TEXT,
        message TEXT,
        settings TEXT NOT NULL,
        PRIMARY KEY (rule_id, source, window_end)
      );
      CREATE INDEX rule_runs_by_time ON rule_runs(window_end);

      -- The last window each rule completed, per source: committed with that window's alerts.
      CREATE TABLE checkpoints (
        rule_id TEXT NOT NULL,
        source TEXT NOT NULL,
        last_window_end TEXT NOT NULL,
        PRIMARY KEY (rule_id, source)
      );
    `,
  },
  {
    version: 2,
    name: "investigations and the IP reputation cache",
    sql: `
      -- Each alert's latest investigation (triage/): its verdict and the whole model as JSON, which
      -- the report, \`widar investigate\` and the workbench render.
      CREATE TABLE investigations (
        alert_id TEXT PRIMARY KEY REFERENCES alerts(alert_id),
        generated_time TEXT NOT NULL,
        verdict TEXT NOT NULL,
        score REAL NOT NULL,
        model TEXT NOT NULL
      );
      CREATE INDEX investigations_by_verdict ON investigations(verdict);

      -- Online reputation answers (AbuseIPDB), kept so that an address is looked up once a day.
      CREATE TABLE ip_reputation (
        address TEXT NOT NULL,
        source TEXT NOT NULL,
        checked_time TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (address, source)
      );
    `,
  },
];
