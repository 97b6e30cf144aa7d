#pragma once

#include <string>

#include "app/config.hpp"
#include "auth/actor.hpp"

namespace vern::app {

// One function per CLI command. Each returns the exit status and prints its own results;
// failures are thrown as vern::Error or std::exception and reported by the CLI.

int serve_command(const Config& config);
int migrate_command(const Config& config);
/// Creates (or resets) the demo admin and prints the login.
int demo_command(const Config& config);
/// With an empty password, one is generated and printed.
int user_add_command(const Config& config, const std::string& username, auth::Role role,
                     const std::string& display_name, std::string password);
int token_create_command(const Config& config, const std::string& username,
                         const std::string& name);
int audit_verify_command(const Config& config);

}  // namespace vern::app
