// Vern's schema, as numbered migrations. Append new migrations at the end; never edit one that
// has shipped. Tokens: ${ID} auto-increment primary key, ${BLOB}, ${NOCASE}. A statement that
// starts with "@sqlite " or "@postgresql " runs on that database only (Dialect::
// migration_statement), for what the two do differently, such as full-text search.
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
      {2,
       "CRM: fields, companies, persons, history, activities, saved filters",
       {
           "CREATE TABLE field_definitions ("
           " key TEXT PRIMARY KEY,"
           " type TEXT NOT NULL,"
           " builtin INTEGER NOT NULL DEFAULT 0,"
           " label_en TEXT NOT NULL,"
           " label_nb TEXT NOT NULL,"
           " label_sv TEXT NOT NULL,"
           " options TEXT NOT NULL DEFAULT '[]',"
           " portal TEXT NOT NULL DEFAULT 'hidden' CHECK (portal IN ('hidden', 'read', 'edit')),"
           " portal_order BIGINT NOT NULL DEFAULT 0,"
           " position BIGINT NOT NULL DEFAULT 0,"
           " created_at BIGINT NOT NULL)",
           "INSERT INTO field_definitions (key, type, builtin, label_en, label_nb, label_sv, "
           "options,"
           " position, created_at) VALUES"
           " ('first_name', 'text', 1, 'First name', 'Fornavn', 'Förnamn', '[]', 1, 0),"
           " ('last_name', 'text', 1, 'Last name', 'Etternavn', 'Efternamn', '[]', 2, 0),"
           " ('email', 'email', 1, 'E-mail', 'E-post', 'E-post', '[]', 3, 0),"
           " ('phone', 'phone', 1, 'Phone', 'Telefon', 'Telefon', '[]', 4, 0),"
           " ('mobile', 'phone', 1, 'Mobile', 'Mobil', 'Mobil', '[]', 5, 0),"
           " ('street', 'text', 1, 'Street address', 'Gateadresse', 'Gatuadress', '[]', 6, 0),"
           " ('postal_code', 'text', 1, 'Postal code', 'Postnummer', 'Postnummer', '[]', 7, 0),"
           " ('city', 'text', 1, 'City', 'Poststed', 'Ort', '[]', 8, 0),"
           " ('country', 'text', 1, 'Country', 'Land', 'Land', '[]', 9, 0),"
           " ('birth_date', 'date', 1, 'Date of birth', 'Fødselsdato', 'Födelsedatum', '[]', 10, "
           "0),"
           " ('title', 'text', 1, 'Title', 'Tittel', 'Titel', '[]', 11, 0),"
           " ('company_id', 'number', 1, 'Company', 'Firma', 'Företag', '[]', 12, 0),"
           " ('language', 'option', 1, 'Language', 'Språk', 'Språk',"
           "  "
           "'[{\"value\":\"nb\",\"labels\":{\"en\":\"Norwegian\",\"nb\":\"Norsk\",\"sv\":"
           "\"Norska\"}},"
           "{\"value\":\"sv\",\"labels\":{\"en\":\"Swedish\",\"nb\":\"Svensk\",\"sv\":\"Svenska\"}}"
           ","
           "{\"value\":\"da\",\"labels\":{\"en\":\"Danish\",\"nb\":\"Dansk\",\"sv\":\"Danska\"}},"
           "{\"value\":\"fi\",\"labels\":{\"en\":\"Finnish\",\"nb\":\"Finsk\",\"sv\":\"Finska\"}},"
           "{\"value\":\"en\",\"labels\":{\"en\":\"English\",\"nb\":\"Engelsk\",\"sv\":"
           "\"Engelska\"}}]',"
           "  13, 0)",

           "CREATE TABLE companies ("
           " id ${ID},"
           " version BIGINT NOT NULL DEFAULT 1,"
           " name TEXT NOT NULL,"
           " org_number TEXT NOT NULL DEFAULT '',"
           " street TEXT NOT NULL DEFAULT '',"
           " postal_code TEXT NOT NULL DEFAULT '',"
           " city TEXT NOT NULL DEFAULT '',"
           " country TEXT NOT NULL DEFAULT '',"
           " phone TEXT NOT NULL DEFAULT '',"
           " email TEXT NOT NULL DEFAULT '',"
           " website TEXT NOT NULL DEFAULT '',"
           " created_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL)",
           "CREATE INDEX companies_name ON companies (name)",

           // Empty text means "no value"; the API shows it as null.
           "CREATE TABLE persons ("
           " id ${ID},"
           " version BIGINT NOT NULL DEFAULT 1,"
           " first_name TEXT NOT NULL DEFAULT '',"
           " last_name TEXT NOT NULL DEFAULT '',"
           " email TEXT NOT NULL DEFAULT '',"
           " phone TEXT NOT NULL DEFAULT '',"
           " mobile TEXT NOT NULL DEFAULT '',"
           " street TEXT NOT NULL DEFAULT '',"
           " postal_code TEXT NOT NULL DEFAULT '',"
           " city TEXT NOT NULL DEFAULT '',"
           " country TEXT NOT NULL DEFAULT '',"
           " birth_date TEXT NOT NULL DEFAULT '',"
           " title TEXT NOT NULL DEFAULT '',"
           " company_id BIGINT REFERENCES companies (id) ON DELETE SET NULL,"
           " language TEXT NOT NULL DEFAULT '',"
           " processing_restricted INTEGER NOT NULL DEFAULT 0,"
           " restriction_reason TEXT NOT NULL DEFAULT '',"
           " restricted_at BIGINT,"
           " objects_to_direct_marketing INTEGER NOT NULL DEFAULT 0,"
           " objection_at BIGINT,"
           " legal_hold INTEGER NOT NULL DEFAULT 0,"
           " legal_hold_reason TEXT NOT NULL DEFAULT '',"
           " created_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL)",
           "CREATE INDEX persons_email ON persons (email)",
           "CREATE INDEX persons_company ON persons (company_id)",
           "CREATE INDEX persons_last_name ON persons (last_name, first_name, id)",
           "CREATE INDEX persons_city ON persons (city)",
           "CREATE INDEX persons_created ON persons (created_at)",

           // Custom field values: one row per value (several for a multi-option field), with the
           // number kept apart so numeric comparisons use an index.
           "CREATE TABLE person_values ("
           " person_id BIGINT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,"
           " field_key TEXT NOT NULL REFERENCES field_definitions (key) ON DELETE CASCADE,"
           " value TEXT NOT NULL,"
           " number_value DOUBLE PRECISION,"
           " PRIMARY KEY (person_id, field_key, value))",
           "CREATE INDEX person_values_text ON person_values (field_key, value)",
           "CREATE INDEX person_values_number ON person_values (field_key, number_value)",

           "CREATE TABLE history_types ("
           " key TEXT PRIMARY KEY,"
           " builtin INTEGER NOT NULL DEFAULT 0,"
           " label_en TEXT NOT NULL,"
           " label_nb TEXT NOT NULL,"
           " label_sv TEXT NOT NULL,"
           " created_at BIGINT NOT NULL)",
           "INSERT INTO history_types (key, builtin, label_en, label_nb, label_sv, created_at) "
           "VALUES"
           " ('note', 1, 'Note', 'Notat', 'Anteckning', 0),"
           " ('call', 1, 'Call', 'Telefonsamtale', 'Samtal', 0),"
           " ('meeting', 1, 'Meeting', 'Møte', 'Möte', 0),"
           " ('email', 1, 'E-mail', 'E-post', 'E-post', 0)",

           "CREATE TABLE history ("
           " id ${ID},"
           " person_id BIGINT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,"
           " type TEXT NOT NULL REFERENCES history_types (key),"
           " date TEXT NOT NULL,"
           " text TEXT NOT NULL,"
           " author_user_id BIGINT,"
           " author TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL)",
           "CREATE INDEX history_person ON history (person_id, date, id)",
           "CREATE INDEX history_type_date ON history (type, date)",

           "CREATE TABLE activities ("
           " id ${ID},"
           " name TEXT NOT NULL,"
           " type TEXT NOT NULL DEFAULT '',"
           " date TEXT NOT NULL DEFAULT '',"
           " description TEXT NOT NULL DEFAULT '',"
           " created_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL)",
           "CREATE TABLE participants ("
           " activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,"
           " person_id BIGINT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,"
           " status TEXT NOT NULL CHECK (status IN ('invited', 'registered', 'attended',"
           " 'cancelled')),"
           " updated_at BIGINT NOT NULL,"
           " PRIMARY KEY (activity_id, person_id))",
           "CREATE INDEX participants_person ON participants (person_id)",
           "CREATE INDEX participants_status ON participants (activity_id, status, person_id)",

           "CREATE TABLE saved_filters ("
           " id ${ID},"
           " name TEXT NOT NULL,"
           " owner_user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
           " shared INTEGER NOT NULL DEFAULT 0,"
           " filter TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL)",
       }},
      {3,
       "person search index",
       {
           // SQLite: an FTS5 index with external content. The content is a view that adds the
           // company's name and the phone numbers' digits; the index keeps no copy of the text.
           // FTS5 cannot find which words to remove by itself: the triggers issue 'delete' with
           // exactly the values that were indexed, read from the view before the change (BEFORE
           // triggers) and index the new ones after it. When a company is deleted, its persons
           // are re-indexed without its name before the foreign key clears company_id (which
           // fires the persons' triggers with the company already gone). Never write persons
           // with INSERT OR REPLACE: its implicit delete fires no trigger.
           "@sqlite CREATE VIEW person_search_source AS SELECT p.id AS id,"
           " p.company_id AS company_id, p.first_name AS first_name, p.last_name AS last_name,"
           " p.email AS email, p.phone AS phone, p.mobile AS mobile,"
           " COALESCE(c.name, '') AS company, p.city AS city,"
           " replace(replace(replace(replace(replace(replace(replace(p.phone, ' ', ''), '-', ''), "
           "'+', ''), '(', ''), ')', ''), '.', ''), '/', '') || ' ' || "
           "replace(replace(replace(replace(replace(replace(replace(p.mobile, ' ', ''), '-', ''), "
           "'+', ''), '(', ''), ')', ''), '.', ''), '/', '') AS digits"
           " FROM persons p LEFT JOIN companies c ON c.id = p.company_id",
           "@sqlite CREATE VIRTUAL TABLE person_search USING fts5(first_name, last_name, email, "
           "phone, mobile, company, city, digits,"
           " content = 'person_search_source', content_rowid = 'id',"
           " tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')",
           "@sqlite CREATE TRIGGER persons_search_insert AFTER INSERT ON persons BEGIN"
           " INSERT INTO person_search (rowid, first_name, last_name, email, phone, mobile, "
           "company, city, digits) SELECT id, first_name, last_name, email, phone, mobile, "
           "company, city, digits"
           " FROM person_search_source WHERE id = NEW.id; END",
           "@sqlite CREATE TRIGGER persons_search_unindex BEFORE UPDATE OF first_name, last_name,"
           " email, phone, mobile, city, company_id ON persons BEGIN"
           " INSERT INTO person_search (person_search, rowid, first_name, last_name, email, phone, "
           "mobile, company, city, digits) SELECT 'delete', id, first_name, last_name, email, "
           "phone, mobile, company, city, digits"
           " FROM person_search_source WHERE id = OLD.id; END",
           "@sqlite CREATE TRIGGER persons_search_reindex AFTER UPDATE OF first_name, last_name,"
           " email, phone, mobile, city, company_id ON persons BEGIN"
           " INSERT INTO person_search (rowid, first_name, last_name, email, phone, mobile, "
           "company, city, digits) SELECT id, first_name, last_name, email, phone, mobile, "
           "company, city, digits"
           " FROM person_search_source WHERE id = NEW.id; END",
           "@sqlite CREATE TRIGGER persons_search_delete BEFORE DELETE ON persons BEGIN"
           " INSERT INTO person_search (person_search, rowid, first_name, last_name, email, phone, "
           "mobile, company, city, digits) SELECT 'delete', id, first_name, last_name, email, "
           "phone, mobile, company, city, digits"
           " FROM person_search_source WHERE id = OLD.id; END",
           "@sqlite CREATE TRIGGER companies_search_unindex BEFORE UPDATE OF name ON companies"
           " BEGIN INSERT INTO person_search (person_search, rowid, first_name, last_name, email, "
           "phone, mobile, company, city, digits) SELECT 'delete', id,"
           " first_name, last_name, email, phone, mobile, company, city, digits FROM "
           "person_search_source WHERE company_id = OLD.id; END",
           "@sqlite CREATE TRIGGER companies_search_reindex AFTER UPDATE OF name ON companies"
           " BEGIN INSERT INTO person_search (rowid, first_name, last_name, email, phone, mobile, "
           "company, city, digits) SELECT id, first_name, last_name, email, phone, mobile, "
           "company, city, digits"
           " FROM person_search_source WHERE company_id = NEW.id; END",
           "@sqlite CREATE TRIGGER companies_search_delete BEFORE DELETE ON companies BEGIN"
           " INSERT INTO person_search (person_search, rowid, first_name, last_name, email, phone, "
           "mobile, company, city, digits) SELECT 'delete', id, first_name, last_name, email, "
           "phone, mobile, company, city, digits"
           " FROM person_search_source WHERE company_id = OLD.id;"
           " INSERT INTO person_search (rowid, first_name, last_name, email, phone, mobile, "
           "company, city, digits) SELECT id, first_name, last_name, email,"
           " phone, mobile, '', city, digits FROM person_search_source"
           " WHERE company_id = OLD.id; END",
           "@sqlite INSERT INTO person_search (person_search) VALUES ('rebuild')",

           // PostgreSQL: one tsvector per person ('simple': no stemming, no stop words) with a
           // GIN index, queried with prefix terms. Punctuation becomes spaces before parsing, so
           // that e-mail addresses and phone numbers split into words as in FTS5.
           "@postgresql CREATE TABLE person_search ("
           " person_id BIGINT PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,"
           " words TSVECTOR NOT NULL)",
           "@postgresql CREATE INDEX person_search_words ON person_search USING GIN (words)",
           "@postgresql CREATE FUNCTION person_search_words(first_name TEXT, last_name TEXT,"
           " email TEXT, phone TEXT, mobile TEXT, company TEXT, city TEXT) RETURNS TSVECTOR"
           " LANGUAGE SQL STABLE AS $$ SELECT to_tsvector('simple', translate(concat_ws(' ',"
           " first_name, last_name, email, phone, mobile, company, city,"
           " regexp_replace(phone, '[^0-9]+', '', 'g'), regexp_replace(mobile, '[^0-9]+', '',"
           " 'g')), '!\"#$%&''()*+,-./:;<=>?@[\\]^_`{|}~', '                                ')) $$",
           "@postgresql CREATE FUNCTION person_search_refresh() RETURNS TRIGGER LANGUAGE plpgsql"
           " AS $$ BEGIN INSERT INTO person_search (person_id, words) VALUES (NEW.id,"
           " person_search_words(NEW.first_name, NEW.last_name, NEW.email, NEW.phone, NEW.mobile,"
           " (SELECT c.name FROM companies c WHERE c.id = NEW.company_id), NEW.city))"
           " ON CONFLICT (person_id) DO UPDATE SET words = EXCLUDED.words; RETURN NULL; END $$",
           "@postgresql CREATE TRIGGER persons_search AFTER INSERT OR UPDATE OF first_name,"
           " last_name, email, phone, mobile, city, company_id ON persons FOR EACH ROW"
           " EXECUTE FUNCTION person_search_refresh()",
           "@postgresql CREATE FUNCTION company_search_refresh() RETURNS TRIGGER LANGUAGE plpgsql"
           " AS $$ BEGIN UPDATE person_search s SET words = person_search_words(p.first_name,"
           " p.last_name, p.email, p.phone, p.mobile, NEW.name, p.city) FROM persons p"
           " WHERE p.company_id = NEW.id AND s.person_id = p.id; RETURN NULL; END $$",
           "@postgresql CREATE TRIGGER companies_search AFTER UPDATE OF name ON companies"
           " FOR EACH ROW EXECUTE FUNCTION company_search_refresh()",
           "@postgresql INSERT INTO person_search (person_id, words) SELECT p.id,"
           " person_search_words(p.first_name, p.last_name, p.email, p.phone, p.mobile, c.name,"
           " p.city) FROM persons p LEFT JOIN companies c ON c.id = p.company_id",
       }},
      {4,
       "case-insensitive filter indexes",
       {
           // The filter language compares text without case, as lower(column) = lower(value):
           // indexes on the same expressions let the columns filtered most (place and name) use
           // them.
           "DROP INDEX persons_city",
           "CREATE INDEX persons_city ON persons (lower(city))",
           "CREATE INDEX persons_postal_code ON persons (lower(postal_code))",
           "CREATE INDEX persons_last_name_lower ON persons (lower(last_name))",

           // SQLite: the search index's rowid becomes the person's place in name order
           // (search_rank, kept by PersonOrderStore), so a prefix search reads its matches already
           // sorted by name and stops after one page instead of sorting every match. Prefix
           // indexes up to five letters keep that reading incremental for the prefixes people
           // type. Persons without a rank (only inside a bulk load) are not indexed.
           "@sqlite ALTER TABLE persons ADD COLUMN search_rank BIGINT",
           "@sqlite UPDATE persons SET search_rank = r.n * 4294967296 FROM (SELECT id,"
           " row_number() OVER (ORDER BY last_name, first_name, id) AS n FROM persons) r"
           " WHERE persons.id = r.id",
           "@sqlite CREATE UNIQUE INDEX persons_search_rank ON persons (search_rank)",
           "@sqlite DROP TRIGGER persons_search_insert",
           "@sqlite DROP TRIGGER persons_search_unindex",
           "@sqlite DROP TRIGGER persons_search_reindex",
           "@sqlite DROP TRIGGER persons_search_delete",
           "@sqlite DROP TRIGGER companies_search_unindex",
           "@sqlite DROP TRIGGER companies_search_reindex",
           "@sqlite DROP TRIGGER companies_search_delete",
           "@sqlite DROP TABLE person_search",
           // The indexed text as migration 3 made it, with the rank that becomes the rowid.
           "@sqlite CREATE VIEW person_search_ranked AS SELECT s.*, p.search_rank AS search_rank"
           " FROM person_search_source s JOIN persons p ON p.id = s.id",
           "@sqlite CREATE VIRTUAL TABLE person_search USING fts5(first_name, last_name, email, "
           "phone, mobile, company, city, digits,"
           " content = 'person_search_ranked', content_rowid = 'search_rank',"
           " tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3 4 5')",
           "@sqlite CREATE TRIGGER persons_search_insert AFTER INSERT ON persons"
           " WHEN NEW.search_rank IS NOT NULL BEGIN"
           " INSERT INTO person_search (rowid, first_name, last_name, email, phone, mobile, "
           "company, city, digits) SELECT search_rank, first_name, last_name, email, phone, "
           "mobile, company, city, digits"
           " FROM person_search_ranked WHERE id = NEW.id; END",
           "@sqlite CREATE TRIGGER persons_search_unindex BEFORE UPDATE OF first_name, last_name,"
           " email, phone, mobile, city, company_id, search_rank ON persons"
           " WHEN OLD.search_rank IS NOT NULL BEGIN"
           " INSERT INTO person_search (person_search, rowid, first_name, last_name, email, phone, "
           "mobile, company, city, digits) SELECT 'delete', search_rank,"
           " first_name, last_name, email, phone, mobile, company, city, digits FROM "
           "person_search_ranked WHERE id = OLD.id; END",
           "@sqlite CREATE TRIGGER persons_search_reindex AFTER UPDATE OF first_name, last_name,"
           " email, phone, mobile, city, company_id, search_rank ON persons"
           " WHEN NEW.search_rank IS NOT NULL BEGIN"
           " INSERT INTO person_search (rowid, first_name, last_name, email, phone, mobile, "
           "company, city, digits) SELECT search_rank, first_name, last_name, email, phone, "
           "mobile, company, city, digits"
           " FROM person_search_ranked WHERE id = NEW.id; END",
           "@sqlite CREATE TRIGGER persons_search_delete BEFORE DELETE ON persons"
           " WHEN OLD.search_rank IS NOT NULL BEGIN"
           " INSERT INTO person_search (person_search, rowid, first_name, last_name, email, phone, "
           "mobile, company, city, digits) SELECT 'delete', search_rank,"
           " first_name, last_name, email, phone, mobile, company, city, digits FROM "
           "person_search_ranked WHERE id = OLD.id; END",
           "@sqlite CREATE TRIGGER companies_search_unindex BEFORE UPDATE OF name ON companies"
           " BEGIN INSERT INTO person_search (person_search, rowid, first_name, last_name, email, "
           "phone, mobile, company, city, digits) SELECT 'delete',"
           " search_rank, first_name, last_name, email, phone, mobile, company, city, digits FROM "
           "person_search_ranked"
           " WHERE company_id = OLD.id AND search_rank IS NOT NULL; END",
           "@sqlite CREATE TRIGGER companies_search_reindex AFTER UPDATE OF name ON companies"
           " BEGIN INSERT INTO person_search (rowid, first_name, last_name, email, phone, mobile, "
           "company, city, digits) SELECT search_rank, first_name, last_name, email, phone, "
           "mobile, company, city, digits"
           " FROM person_search_ranked WHERE company_id = NEW.id AND search_rank IS NOT NULL;"
           " END",
           "@sqlite CREATE TRIGGER companies_search_delete BEFORE DELETE ON companies BEGIN"
           " INSERT INTO person_search (person_search, rowid, first_name, last_name, email, phone, "
           "mobile, company, city, digits) SELECT 'delete', search_rank,"
           " first_name, last_name, email, phone, mobile, company, city, digits FROM "
           "person_search_ranked WHERE company_id = OLD.id AND search_rank IS NOT NULL;"
           " INSERT INTO person_search (rowid, first_name, last_name, email, phone, mobile,"
           " company, city, digits) SELECT search_rank, first_name, last_name, email, phone,"
           " mobile, '', city, digits FROM person_search_ranked"
           " WHERE company_id = OLD.id AND search_rank IS NOT NULL; END",
           "@sqlite INSERT INTO person_search (person_search) VALUES ('rebuild')",
       }},
      {5,
       "pausable search index triggers",
       {
           // SQLite: a bulk load fills the search index in one statement in rowid (rank) order,
           // several times faster than row by row from triggers, where FTS5 writes a segment per
           // statement. While the one row here says paused, the persons triggers leave the index
           // alone; whoever pauses them refills the index in the same transaction
           // (PersonOrderStore::rank_all).
           "@sqlite CREATE TABLE search_index_state (paused INTEGER NOT NULL)",
           "@sqlite INSERT INTO search_index_state (paused) VALUES (0)",
           "@sqlite DROP TRIGGER persons_search_insert",
           "@sqlite DROP TRIGGER persons_search_unindex",
           "@sqlite DROP TRIGGER persons_search_reindex",
           "@sqlite DROP TRIGGER persons_search_delete",
           "@sqlite CREATE TRIGGER persons_search_insert AFTER INSERT ON persons"
           " WHEN NEW.search_rank IS NOT NULL AND NOT (SELECT paused FROM search_index_state)"
           " BEGIN INSERT INTO person_search (rowid, first_name, last_name, email, phone, mobile,"
           " company, city, digits) SELECT search_rank, first_name, last_name, email, phone,"
           " mobile, company, city, digits FROM person_search_ranked WHERE id = NEW.id; END",
           "@sqlite CREATE TRIGGER persons_search_unindex BEFORE UPDATE OF first_name, last_name,"
           " email, phone, mobile, city, company_id, search_rank ON persons"
           " WHEN OLD.search_rank IS NOT NULL AND NOT (SELECT paused FROM search_index_state)"
           " BEGIN INSERT INTO person_search (person_search, rowid, first_name, last_name, email,"
           " phone, mobile, company, city, digits) SELECT 'delete', search_rank, first_name,"
           " last_name, email, phone, mobile, company, city, digits FROM person_search_ranked"
           " WHERE id = OLD.id; END",
           "@sqlite CREATE TRIGGER persons_search_reindex AFTER UPDATE OF first_name, last_name,"
           " email, phone, mobile, city, company_id, search_rank ON persons"
           " WHEN NEW.search_rank IS NOT NULL AND NOT (SELECT paused FROM search_index_state)"
           " BEGIN INSERT INTO person_search (rowid, first_name, last_name, email, phone, mobile,"
           " company, city, digits) SELECT search_rank, first_name, last_name, email, phone,"
           " mobile, company, city, digits FROM person_search_ranked WHERE id = NEW.id; END",
           "@sqlite CREATE TRIGGER persons_search_delete BEFORE DELETE ON persons"
           " WHEN OLD.search_rank IS NOT NULL AND NOT (SELECT paused FROM search_index_state)"
           " BEGIN INSERT INTO person_search (person_search, rowid, first_name, last_name, email,"
           " phone, mobile, company, city, digits) SELECT 'delete', search_rank, first_name,"
           " last_name, email, phone, mobile, company, city, digits FROM person_search_ranked"
           " WHERE id = OLD.id; END",
       }},
      {6,
       "consent types, consent events, restriction and objection",
       {
           // Consent types with their names; the purpose texts are versioned (consent_texts):
           // text_version is the current one, and every version is kept so that any consent can
           // be shown with the words the person agreed to. legal_basis is the letter of
           // Art. 6(1).
           "CREATE TABLE consent_types ("
           " id ${ID},"
           " key TEXT NOT NULL UNIQUE,"
           " name_en TEXT NOT NULL,"
           " name_nb TEXT NOT NULL,"
           " name_sv TEXT NOT NULL,"
           " legal_basis TEXT NOT NULL CHECK (legal_basis IN ('a', 'b', 'c', 'd', 'e', 'f')),"
           " active INTEGER NOT NULL DEFAULT 1,"
           " portal_changeable INTEGER NOT NULL DEFAULT 0,"
           " text_version BIGINT NOT NULL DEFAULT 1,"
           " created_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL)",
           "CREATE TABLE consent_texts ("
           " consent_type_id BIGINT NOT NULL REFERENCES consent_types (id) ON DELETE CASCADE,"
           " version BIGINT NOT NULL,"
           " purpose_en TEXT NOT NULL,"
           " purpose_nb TEXT NOT NULL,"
           " purpose_sv TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " PRIMARY KEY (consent_type_id, version))",

           // Every grant and withdrawal, append-only: the proof. A type with events cannot be
           // deleted (no cascade); the events go only with their person (erasure).
           "CREATE TABLE consent_events ("
           " id ${ID},"
           " person_id BIGINT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,"
           " consent_type_id BIGINT NOT NULL REFERENCES consent_types (id),"
           " granted INTEGER NOT NULL,"
           " text_version BIGINT NOT NULL,"
           " source TEXT NOT NULL CHECK (source IN ('crm', 'portal', 'api', 'import', 'form')),"
           " note TEXT NOT NULL DEFAULT '',"
           " actor_user_id BIGINT,"
           " actor TEXT NOT NULL,"
           " occurred_at BIGINT NOT NULL)",
           "CREATE INDEX consent_events_person ON consent_events (person_id, id)",
           "CREATE INDEX consent_events_type ON consent_events (consent_type_id)",
           "@sqlite CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events"
           " BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END",
           "@sqlite CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events"
           " WHEN EXISTS (SELECT 1 FROM persons WHERE id = OLD.person_id)"
           " BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END",
           "@postgresql CREATE FUNCTION consent_events_append_only() RETURNS trigger"
           " LANGUAGE plpgsql AS $$ BEGIN"
           " IF TG_OP = 'UPDATE' OR EXISTS (SELECT 1 FROM persons WHERE id = OLD.person_id) THEN"
           " RAISE EXCEPTION 'consent events are append-only'; END IF;"
           " RETURN OLD; END $$",
           "@postgresql CREATE TRIGGER consent_events_append_only BEFORE UPDATE OR DELETE"
           " ON consent_events FOR EACH ROW EXECUTE FUNCTION consent_events_append_only()",

           // The current state of each person's consent of each type: the latest event, kept in
           // the event's transaction, so that filters and mailings find who has granted without
           // reading every event. No row: no event yet ("none").
           "CREATE TABLE person_consents ("
           " person_id BIGINT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,"
           " consent_type_id BIGINT NOT NULL REFERENCES consent_types (id),"
           " granted INTEGER NOT NULL,"
           " event_id BIGINT NOT NULL,"
           " PRIMARY KEY (person_id, consent_type_id))",
           "CREATE INDEX person_consents_state ON person_consents"
           " (consent_type_id, granted, person_id)",

           // Restriction (Art. 18) and objection (Art. 21) are marked in lists and excluded from
           // bulk processing: indexes for both, partial where the database can.
           "CREATE INDEX persons_restricted ON persons (processing_restricted)",
           "CREATE INDEX persons_objecting ON persons (objects_to_direct_marketing)",
           "ALTER TABLE persons ADD COLUMN legal_hold_at BIGINT",
       }},
      {7,
       "mailings and the outbox",
       {
           // A bulk mailing: its audience (the filter, copied from a saved filter when it came
           // from one), its templates, and how far sending has got. Expansion into the outbox
           // goes in batches of persons by id; cursor_person_id is the last one done, so a
           // restarted server carries on where it stopped.
           "CREATE TABLE mailings ("
           " id ${ID},"
           " name TEXT NOT NULL,"
           " purpose TEXT NOT NULL CHECK (purpose IN ('marketing', 'service', 'breach')),"
           " consent_type TEXT,"
           " filter TEXT,"
           " saved_filter_id BIGINT,"
           " incident_id BIGINT,"
           " subject TEXT NOT NULL,"
           " body TEXT NOT NULL,"
           " status TEXT NOT NULL CHECK (status IN ('draft', 'queuing', 'sending', 'done')),"
           " included BIGINT NOT NULL DEFAULT 0,"
           " total BIGINT NOT NULL DEFAULT 0,"
           " excluded TEXT NOT NULL DEFAULT '{}',"
           " cursor_person_id BIGINT NOT NULL DEFAULT 0,"
           " created_by_user_id BIGINT,"
           " created_by TEXT NOT NULL,"
           " sent_by_user_id BIGINT,"
           " sent_by TEXT NOT NULL DEFAULT '',"
           " created_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL,"
           " send_at BIGINT,"
           " queued_at BIGINT,"
           " finished_at BIGINT)",
           "CREATE INDEX mailings_status ON mailings (status, id)",

           // The transactional outbox: every e-mail Vern sends, composed (RFC 5322) and written
           // in the transaction of what caused it. due_at is when a queued message may next be
           // tried, and for one being sent, when its worker's lease runs out and another may
           // take it over. data is emptied once a sent message is older than the retention.
           "CREATE TABLE outbox ("
           " id ${ID},"
           " mailing_id BIGINT REFERENCES mailings (id) ON DELETE CASCADE,"
           " person_id BIGINT REFERENCES persons (id) ON DELETE CASCADE,"
           " kind TEXT NOT NULL,"
           " sender TEXT NOT NULL,"
           " recipient TEXT NOT NULL,"
           " subject TEXT NOT NULL,"
           " message_id TEXT NOT NULL,"
           " data TEXT,"
           " status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),"
           " attempts INTEGER NOT NULL DEFAULT 0,"
           " due_at BIGINT NOT NULL,"
           " claimed_by TEXT,"
           " last_error TEXT NOT NULL DEFAULT '',"
           " created_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL,"
           " sent_at BIGINT)",
           "CREATE INDEX outbox_due ON outbox (due_at, id) WHERE status IN ('queued', 'sending')",
           "CREATE INDEX outbox_status ON outbox (status, id)",
           "CREATE INDEX outbox_mailing ON outbox (mailing_id, status)",
           "CREATE INDEX outbox_person ON outbox (person_id)",
       }},
      {8,
       "register of data-subject requests, public holidays",
       {
           // Data-subject requests (GDPR Art. 12-22). person_id is empty for someone not in the
           // CRM, and becomes empty when the person is erased: the request stays on record.
           // due_date is the legal deadline (YYYY-MM-DD), one calendar month after receipt,
           // plus the extension in months, moved to the next working day.
           "CREATE TABLE data_requests ("
           " id ${ID},"
           " person_id BIGINT REFERENCES persons (id) ON DELETE SET NULL,"
           " subject_name TEXT NOT NULL DEFAULT '',"
           " type TEXT NOT NULL CHECK (type IN ('access', 'rectification', 'erasure',"
           " 'portability', 'restriction', 'objection')),"
           " received_at BIGINT NOT NULL,"
           " channel TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'letter', 'portal')),"
           " note TEXT NOT NULL DEFAULT '',"
           " status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'completed',"
           " 'rejected')),"
           " rejection_reason TEXT NOT NULL DEFAULT '',"
           " due_date TEXT NOT NULL,"
           " extension_months INTEGER NOT NULL DEFAULT 0,"
           " extension_reason TEXT NOT NULL DEFAULT '',"
           " handled_by_user_id BIGINT,"
           " handled_by TEXT NOT NULL DEFAULT '',"
           " created_by_user_id BIGINT,"
           " created_by TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " updated_at BIGINT NOT NULL,"
           " completed_at BIGINT,"
           " version BIGINT NOT NULL DEFAULT 1)",
           "CREATE INDEX data_requests_due ON data_requests (status, due_date, id)",
           "CREATE INDEX data_requests_person ON data_requests (person_id, id)",
           // The public holidays an admin lists: deadlines never fall on them.
           "CREATE TABLE holidays ("
           " day TEXT PRIMARY KEY,"
           " name TEXT NOT NULL DEFAULT '')",
       }},
      {9,
       "portal settings",
       {
           // One row: the portal settings of API.md as a JSON document.
           "CREATE TABLE portal_settings ("
           " id INTEGER PRIMARY KEY CHECK (id = 1),"
           " settings TEXT NOT NULL,"
           " updated_at BIGINT NOT NULL)",
           "INSERT INTO portal_settings (id, settings, updated_at) VALUES (1, '{}', 0)",
       }},
      {10,
       "portal links and portal sessions",
       {
           // A link to the GDPR portal e-mailed to a person. Only the hash of its token is kept:
           // the token itself is in the e-mail and nowhere else.
           "CREATE TABLE portal_links ("
           " id ${ID},"
           " person_id BIGINT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,"
           " token_hash TEXT NOT NULL UNIQUE,"
           " sent_to TEXT NOT NULL,"
           " language TEXT NOT NULL,"
           " created_by_user_id BIGINT,"
           " created_by TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " expires_at BIGINT NOT NULL,"
           " first_used_at BIGINT,"
           " last_used_at BIGINT,"
           " revoked_at BIGINT,"
           " revoked_by TEXT NOT NULL DEFAULT '')",
           "CREATE INDEX portal_links_person ON portal_links (person_id, id)",
           // A browser session opened with a link; it ends with the link (expiry or revocation).
           "CREATE TABLE portal_sessions ("
           " id ${ID},"
           " link_id BIGINT NOT NULL REFERENCES portal_links (id) ON DELETE CASCADE,"
           " person_id BIGINT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,"
           " token_hash TEXT NOT NULL UNIQUE,"
           " csrf_token TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " last_seen_at BIGINT NOT NULL,"
           " expires_at BIGINT NOT NULL)",
           "CREATE INDEX portal_sessions_link ON portal_sessions (link_id)",
       }},
      {11,
       "generations of the field definitions",
       {
           // A counter that every change to field_definitions moves on, whoever makes it: a
           // connection keeps the definitions it read while the counter stays where it was.
           "CREATE TABLE generations ("
           " name TEXT PRIMARY KEY,"
           " generation BIGINT NOT NULL)",
           "INSERT INTO generations (name, generation) VALUES ('field_definitions', 1)",
           "@sqlite CREATE TRIGGER field_definitions_insert AFTER INSERT ON field_definitions"
           " BEGIN UPDATE generations SET generation = generation + 1"
           " WHERE name = 'field_definitions'; END",
           "@sqlite CREATE TRIGGER field_definitions_update AFTER UPDATE ON field_definitions"
           " BEGIN UPDATE generations SET generation = generation + 1"
           " WHERE name = 'field_definitions'; END",
           "@sqlite CREATE TRIGGER field_definitions_delete AFTER DELETE ON field_definitions"
           " BEGIN UPDATE generations SET generation = generation + 1"
           " WHERE name = 'field_definitions'; END",
           "@postgresql CREATE FUNCTION field_definitions_changed() RETURNS TRIGGER"
           " LANGUAGE plpgsql AS $$ BEGIN UPDATE generations SET generation = generation + 1"
           " WHERE name = 'field_definitions'; RETURN NULL; END $$",
           "@postgresql CREATE TRIGGER field_definitions_changed AFTER INSERT OR UPDATE OR DELETE"
           " ON field_definitions FOR EACH STATEMENT EXECUTE FUNCTION field_definitions_changed()",
       }},
  };
  return kMigrations;
}

}  // namespace vern::storage
