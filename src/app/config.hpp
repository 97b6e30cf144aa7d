#pragma once

#include <cstdint>
#include <string>

namespace vern::app {

/// Settings for `vern serve` and the other commands, from flags or VERN_* variables.
struct Config {
  std::string database_url = "sqlite:vern.db";
  std::string listen = "127.0.0.1:8080";
  std::string base_url;  // where links in e-mails point; defaults to http://<listen>
  std::string smtp_url;
  std::string mail_dir;
  unsigned workers = 8;  // HTTP threads; the database pool is sized to match
  bool behind_tls = false;
};

/// Host and port from "HOST:PORT"; throws vern::Error (kInvalid, field "listen") otherwise.
struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};
ListenAddress parse_listen(const std::string& listen);

}  // namespace vern::app
