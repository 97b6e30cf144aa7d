#pragma once

#include <cstdint>
#include <string>

namespace vern::app {

/// Settings for `vern serve` and the other commands, from flags or VERN_* variables.
struct Config {
  std::string database_url = "sqlite:vern.db";
  std::string listen = "127.0.0.1:8080";
  std::string base_url;  // where links in e-mails point; defaults to http://<listen>
  std::string smtp_url;  // holds a password when it has one: never log it
  bool smtp_require_tls = false;
  std::string mail_dir;  // the file-drop folder when no SMTP URL is set; default mail/ by the db
  std::string mail_from = "Vern <no-reply@localhost.localdomain>";
  unsigned mail_workers = 2;          // delivery threads, each with its own SMTP connection
  unsigned mail_retention_days = 30;  // sent messages' content is purged after this many days
  unsigned mail_lease_seconds = 300;  // a claim whose worker died is taken over after this
  unsigned workers = 8;               // HTTP threads; the database pool is sized to match
  bool behind_tls = false;
};

/// Host and port from "HOST:PORT"; throws vern::Error (kInvalid, field "listen") otherwise.
struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};
ListenAddress parse_listen(const std::string& listen);

/// The sender of Vern's e-mail from "Name <address>" or a bare address; throws vern::Error
/// (kInvalid, field "mail_from") for anything else.
struct MailFrom {
  std::string name;
  std::string address;
};
MailFrom parse_mail_from(const std::string& text);

/// Where links in e-mails point: `base_url`, or http://<listen> when none was given (`vern serve`
/// then uses the port it really listens on).
std::string link_base_url(const Config& config);

/// The file-drop folder: `mail_dir` when set, else mail/ beside the SQLite database file (or in
/// the working folder for PostgreSQL).
std::string mail_folder(const Config& config);

}  // namespace vern::app
