// Vern's schema, as numbered migrations. Append new migrations at the end; never edit one that
// has shipped. Tokens: ${ID} auto-increment primary key, ${BLOB}, ${NOCASE}.
#include "storage/migrations.hpp"

namespace vern::storage {

const std::vector<Migration>& all_migrations() {
  static const std::vector<Migration> kMigrations = {
      {1,
       "accounts, sessions, tokens, throttling, audit",
       {
           "CREATE TABLE users ("
           " id ${ID},"
           " username TEXT NOT NULL UNIQUE,"
           " display_name TEXT NOT NULL,"
           " role TEXT NOT NULL CHECK (role IN ('user', 'privacy_officer', 'admin')),"
           " active INTEGER NOT NULL DEFAULT 1,"
           " password_hash TEXT NOT NULL,"
           " locale TEXT NOT NULL DEFAULT 'en',"
           " created_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL)",

           "CREATE TABLE sessions ("
           " id ${ID},"
           " token_hash TEXT NOT NULL UNIQUE,"
           " user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
           " csrf_token TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " last_seen_at BIGINT NOT NULL,"
           " expires_at BIGINT NOT NULL)",
           "CREATE INDEX sessions_user ON sessions (user_id)",

           "CREATE TABLE api_tokens ("
           " id ${ID},"
           " user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
           " name TEXT NOT NULL,"
           " token_hash TEXT NOT NULL UNIQUE,"
           " created_at BIGINT NOT NULL,"
           " last_used_at BIGINT,"
           " revoked_at BIGINT)",
           "CREATE INDEX api_tokens_user ON api_tokens (user_id)",

           // Failed logins, keyed by a hash of the username or client address.
           "CREATE TABLE login_failures ("
           " id ${ID},"
           " key_hash TEXT NOT NULL,"
           " failed_at BIGINT NOT NULL)",
           "CREATE INDEX login_failures_key ON login_failures (key_hash, failed_at)",

           "CREATE TABLE audit_events ("
           " id ${ID},"
           " occurred_at BIGINT NOT NULL,"
           " actor_user_id BIGINT,"
           " actor TEXT NOT NULL,"
           " action TEXT NOT NULL,"
           " entity TEXT NOT NULL,"
           " entity_id TEXT,"
           " person_id BIGINT,"
           " details TEXT NOT NULL,"
           " prev_hash TEXT NOT NULL,"
           " hash TEXT NOT NULL)",
           "CREATE INDEX audit_events_person ON audit_events (person_id, id)",
           "CREATE INDEX audit_events_actor ON audit_events (actor, id)",
           "CREATE INDEX audit_events_time ON audit_events (occurred_at, id)",
           // The chain's head: the id and hash of the newest event, so a deleted tail is detected.
           "CREATE TABLE audit_head ("
           " id INTEGER PRIMARY KEY CHECK (id = 1),"
           " last_event_id BIGINT NOT NULL,"
           " last_hash TEXT NOT NULL,"
           " event_count BIGINT NOT NULL)",
           "INSERT INTO audit_head (id, last_event_id, last_hash, event_count) VALUES (1, 0, '', "
           "0)",
       }},
  };
  return kMigrations;
}

}  // namespace vern::storage
