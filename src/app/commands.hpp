#pragma once

#include <string>

#include "app/config.hpp"
#include "auth/actor.hpp"
#include "crm/demo_loader.hpp"
#include "crm/person_import.hpp"

namespace vern::app {

// One function per CLI command. Each returns the exit status and prints its own results;
// failures are thrown as vern::Error or std::exception and reported by the CLI.

int serve_command(const Config& config);
int migrate_command(const Config& config);
/// Loads the demo data into a database without persons, with progress on stderr, then creates
/// (or resets) the demo admin and prints the login.
int demo_command(const Config& config, const crm::DemoOptions& options);
/// Imports persons from a CSV file ("-" for standard input): problems by line on stdout, then a
/// summary; exit status 1 when any row has a problem (nothing is written then).
int import_persons_command(const Config& config, const std::string& file,
                           const crm::ImportOptions& options);
/// With an empty password, one is generated and printed.
int user_add_command(const Config& config, const std::string& username, auth::Role role,
                     const std::string& display_name, std::string password);
int token_create_command(const Config& config, const std::string& username,
                         const std::string& name);
int audit_verify_command(const Config& config);

}  // namespace vern::app
