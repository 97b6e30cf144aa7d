#include "web/import_pages.hpp"

#include <sstream>

#include "common/error.hpp"
#include "common/i18n.hpp"
#include "common/validation.hpp"
#include "http/multipart.hpp"
#include "http/server.hpp"
#include "web/page_helpers.hpp"

namespace vern::web {
namespace {

constexpr std::size_t kBytesPerMebibyte = 1024 * 1024;
constexpr std::size_t kMaxShownFilename = 255;
// The names of the form's own inputs, as opposed to the columns of a file's header.
constexpr std::string_view kFileInput = "file";
constexpr std::string_view kDuplicateInput = "on_duplicate";

/// What the form asks for: the file and how to import it.
struct ImportForm {
  const http::UploadedFile* file = nullptr;
  imports::ImportOptions options;
};

/// Reads the form; throws vern::Error (kInvalid) naming each input that is missing or wrong.
ImportForm read_form(const http::Request& request) {
  ImportForm form;
  FieldErrors errors;
  if (!http::is_multipart_form(request.header("content-type"))) {
    errors.add(std::string(kFileInput), text(request, "import_not_multipart"));
  } else {
    form.file = request.form_file(std::string(kFileInput));
    if (form.file == nullptr || form.file->filename.empty()) {
      errors.add(std::string(kFileInput), text(request, "import_no_file"));
    }
  }
  const std::string on_duplicate = request.form_field(std::string(kDuplicateInput));
  if (on_duplicate == "update") {
    form.options.on_duplicate = imports::OnDuplicate::kUpdate;
  } else if (!on_duplicate.empty() && on_duplicate != "skip") {
    errors.add(std::string(kDuplicateInput), text(request, "import_bad_duplicate"));
  }
  // Without the button's value (a client other than the page's form) it only checks: that
  // writes nothing.
  form.options.mode = request.form_field("mode") == "import" ? imports::ImportMode::kWrite
                                                             : imports::ImportMode::kDryRun;
  errors.throw_if_any();
  return form;
}

/// The file's name without folders, or "" when it is not one clean line of text.
std::string shown_filename(const std::string& filename) {
  const auto slash = filename.find_last_of("/\\");
  std::string name = slash == std::string::npos ? filename : filename.substr(slash + 1);
  if (name.size() > kMaxShownFilename || !validation::is_single_line(name)) {
    return {};
  }
  return name;
}

std::string outcome_key(const imports::ImportSummary& summary) {
  const bool problems = summary.problem_count > 0;
  if (summary.mode == imports::ImportMode::kDryRun) {
    return problems ? "import_outcome_check_problems" : "import_outcome_check_ok";
  }
  return problems ? "import_outcome_rejected" : "import_outcome_written";
}

nlohmann::json result_model(const http::Request& request, const imports::ImportSummary& summary,
                            const std::string& filename) {
  nlohmann::json problems = nlohmann::json::array();
  for (const imports::ImportProblem& problem : summary.problems) {
    problems.push_back(
        {{"line", problem.line}, {"field", problem.field}, {"message", problem.message}});
  }
  const bool has_problems = summary.problem_count > 0;
  return {{"dry_run", summary.mode == imports::ImportMode::kDryRun},
          {"filename", shown_filename(filename)},
          {"outcome", text(request, outcome_key(summary))},
          {"outcome_class", has_problems ? "alert-error" : "alert-ok"},
          {"outcome_role", has_problems ? "alert" : "status"},
          {"written", summary.written()},
          {"rows", summary.rows},
          {"imported", summary.imported},
          {"updated", summary.updated},
          {"unchanged", summary.unchanged},
          {"skipped", summary.skipped},
          {"bad_rows", summary.bad_rows},
          {"has_problems", has_problems},
          {"problem_count", summary.problem_count},
          {"problems", problems},
          {"shown", summary.problems.size()},
          {"truncated", summary.problem_count > summary.problems.size()}};
}

/// An invalid form or header row: the form's inputs are named by the message alone, the
/// columns of the file by their header.
nlohmann::json import_error_model(const Error& error) {
  nlohmann::json messages = nlohmann::json::array();
  for (const FieldError& field_error : error.field_errors()) {
    const bool form_input = field_error.field == kFileInput || field_error.field == kDuplicateInput;
    messages.push_back(
        {{"column", form_input ? "" : field_error.field}, {"message", field_error.message}});
  }
  return {{"error", error.what()}, {"messages", messages}};
}

http::Response import_page(const Views& views, const http::Request& request,
                           crm::FieldService& fields, nlohmann::json model, int status) {
  const std::string& locale = request.context.locale;
  nlohmann::json list = nlohmann::json::array();
  for (const crm::FieldDefinition& field : fields.list(*request.context.actor)) {
    list.push_back({{"key", field.key},
                    {"label", field.labels.in(locale)},
                    {"type", text(request, "type_" + std::string(crm::to_string(field.type)))}});
  }
  model["fields"] = std::move(list);
  model["max_mib"] = http::ServerOptions().max_body_bytes / kBytesPerMebibyte;
  return views.page(request, "import", text(request, "import_heading"), std::move(model), status);
}

http::Response run_import(const Views& views, const http::Request& request,
                          crm::FieldService& fields, imports::PersonImporter& importer) {
  const Actor& actor = *request.context.actor;
  require_role(actor, Role::kAdmin);
  nlohmann::json model;
  model["update"] = request.form_field(std::string(kDuplicateInput)) == "update";
  return or_shown_again(
      {ErrorKind::kInvalid},
      [&] {
        const ImportForm form = read_form(request);
        std::istringstream csv(form.file->content);
        const imports::ImportSummary summary = importer.run(actor, csv, form.options);
        model["result"] = result_model(request, summary, form.file->filename);
        const bool rejected = summary.mode == imports::ImportMode::kWrite && !summary.written();
        return import_page(views, request, fields, std::move(model), rejected ? 422 : 200);
      },
      [&](const Error& error) {
        model.update(import_error_model(error));
        return import_page(views, request, fields, std::move(model), 422);
      });
}

}  // namespace

void register_import_pages(http::Pipeline& pipeline, const Views& views, crm::FieldService& fields,
                           imports::PersonImporter& importer) {
  pipeline.add(http::Method::kGet, "/admin/import", http::Access::kStaff,
               [&views, &fields](http::Request& request) {
                 require_role(*request.context.actor, Role::kAdmin);
                 return import_page(views, request, fields, nlohmann::json::object(), 200);
               });
  pipeline.add(http::Method::kPost, "/admin/import", http::Access::kStaff,
               [&views, &fields, &importer](http::Request& request) {
                 return run_import(views, request, fields, importer);
               });
}

}  // namespace vern::web
