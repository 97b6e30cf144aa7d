#include "web/import_pages.hpp"

#include <memory>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "http/server.hpp"
#include "support/test_server.hpp"

namespace vern::testing {
namespace {

constexpr std::string_view kBoundary = "----VernImportTest7MA4YWxk";

/// What the import form sends.
struct Upload {
  std::string csv;
  std::string mode = "check";
  std::string on_duplicate = "skip";
  std::string filename = "persons.csv";
};

std::string part_header(const std::string& name) {
  return "--" + std::string(kBoundary) + "\r\nContent-Disposition: form-data; name=\"" + name +
         "\"";
}

/// The body a browser sends for the form, built by hand; without a token, no csrf part.
std::string multipart_body(const Upload& upload, const std::optional<std::string>& csrf) {
  std::string body;
  if (csrf) {
    body += part_header("csrf") + "\r\n\r\n" + *csrf + "\r\n";
  }
  body += part_header("file") + "; filename=\"" + upload.filename +
          "\"\r\nContent-Type: text/csv\r\n\r\n" + upload.csv + "\r\n";
  body += part_header("on_duplicate") + "\r\n\r\n" + upload.on_duplicate + "\r\n";
  body += part_header("mode") + "\r\n\r\n" + upload.mode + "\r\n";
  return body + "--" + std::string(kBoundary) + "--\r\n";
}

bool contains(const HttpResult& result, const std::string& text) {
  return result.body.find(text) != std::string::npos;
}

/// The server with the admin logged in.
class ImportPagesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    admin_ = std::make_unique<HttpClient>(server().logged_in_client("admin", &csrf_));
  }

  HttpResult post_body(HttpClient& http, const std::string& body) {
    return http.post("/admin/import", body,
                     "multipart/form-data; boundary=" + std::string(kBoundary));
  }
  HttpResult upload_as(HttpClient& http, const std::optional<std::string>& csrf,
                       const Upload& upload) {
    return post_body(http, multipart_body(upload, csrf));
  }
  /// Sends the form as the admin, with the admin's CSRF token.
  HttpResult upload(const Upload& upload) { return upload_as(*admin_, csrf_, upload); }
  long long persons() {
    query::PersonQuery query;
    query.count = true;
    return server().services().person_search().search(Actor::system("test"), query).total.value();
  }
  std::vector<crm::Person> find(const std::string& words) {
    query::PersonQuery query;
    query.q = words;
    return server().services().person_search().search(Actor::system("test"), query).items;
  }

  std::unique_ptr<HttpClient> admin_;
  std::string csrf_;
};

constexpr std::string_view kGoodFile =
    "first_name;last_name;E-mail;City\r\n"
    "Kari;Nordmann;kari@example.no;Bergen\r\n"
    "Åse;Fjellheim;ase@example.no;Tromsø\r\n";

TEST_P(ImportPagesTest, AdminSeesTheFormTheFormatAndTheFieldKeys) {
  const HttpResult page = admin_->get("/admin/import");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page, "enctype=\"multipart/form-data\""));
  EXPECT_TRUE(contains(page, "<label for=\"import-file\">"));
  EXPECT_TRUE(contains(page, "semicolons"));
  EXPECT_TRUE(contains(page, "<td class=\"mono\">postal_code</td>"));
  EXPECT_TRUE(contains(page, "name=\"mode\" value=\"check\""));
  EXPECT_TRUE(contains(page, "name=\"mode\" value=\"import\""));
  EXPECT_TRUE(contains(admin_->get("/"), "href=\"/admin/import\""));
}

TEST_P(ImportPagesTest, ACheckCountsTheRowsAndWritesNothing) {
  const HttpResult checked = upload({std::string(kGoodFile)});
  ASSERT_EQ(checked.status, 200) << checked.body;
  EXPECT_TRUE(contains(checked, "Result of the check"));
  EXPECT_TRUE(contains(checked, "This was a check: nothing was written."));
  EXPECT_TRUE(contains(checked, "<dt>New persons</dt><dd>2</dd>"));
  EXPECT_TRUE(contains(checked, "persons.csv"));
  EXPECT_TRUE(contains(checked, "The counts say what the file would do"));
  EXPECT_EQ(persons(), 0);
}

TEST_P(ImportPagesTest, AnImportCreatesThePersons) {
  const HttpResult imported = upload({std::string(kGoodFile), "import"});
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_TRUE(contains(imported, "The file was imported"));
  EXPECT_FALSE(contains(imported, "The counts say what the file would do"));
  EXPECT_EQ(persons(), 2);
  const auto found = find("Fjellheim");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].first_name, "Åse");
  EXPECT_EQ(found[0].city, "Tromsø");
  EXPECT_EQ(found[0].email, "ase@example.no");
}

TEST_P(ImportPagesTest, DuplicatesAreSkippedOrUpdatedAsChosen) {
  ASSERT_EQ(upload({std::string(kGoodFile), "import"}).status, 200);
  const std::string moved = "email,city\nkari@example.no,Oslo\n";
  const HttpResult skipped = upload({moved, "import"});
  EXPECT_TRUE(contains(skipped, "<dt>Duplicates skipped</dt><dd>1</dd>"));
  EXPECT_EQ(find("Nordmann").at(0).city, "Bergen");
  const HttpResult updated = upload({moved, "import", "update"});
  EXPECT_TRUE(contains(updated, "<dt>Persons updated</dt><dd>1</dd>"));
  EXPECT_TRUE(contains(updated,
                       "id=\"duplicate-update\" name=\"on_duplicate\" type=\"radio\" "
                       "value=\"update\" checked"));
  EXPECT_EQ(find("Nordmann").at(0).city, "Oslo");
  EXPECT_EQ(persons(), 2);
}

TEST_P(ImportPagesTest, ProblemsAreListedByLineAndFieldAndNothingIsWritten) {
  const std::string file =
      "first_name,last_name,email,birth_date\n"
      "Kari,Nordmann,kari@example.no,1980-02-01\n"
      "Ola,Nordmann,not-an-address,1980-02-30\n"
      "Per,Hansen\n";
  const HttpResult checked = upload({file});
  EXPECT_EQ(checked.status, 200);
  EXPECT_TRUE(contains(checked, "The file has problems"));
  const HttpResult rejected = upload({file, "import"});
  EXPECT_EQ(rejected.status, 422);
  EXPECT_TRUE(contains(rejected, "Nothing was imported"));
  EXPECT_TRUE(contains(rejected, "role=\"alert\""));
  EXPECT_TRUE(contains(rejected, "<h3 id=\"problems-heading\">Problems: 3</h3>"));
  EXPECT_TRUE(contains(rejected, "<th scope=\"col\">Line</th>"));
  EXPECT_TRUE(contains(rejected,
                       "<tr><td>3</td><td><span class=\"mono\">email</span></td>"
                       "<td>Not a valid e-mail address.</td></tr>"));
  EXPECT_TRUE(contains(rejected,
                       "<tr><td>3</td><td><span class=\"mono\">birth_date</span></td>"
                       "<td>Use a date as YYYY-MM-DD.</td></tr>"));
  EXPECT_TRUE(contains(rejected, "<tr><td>4</td><td>(the whole row)</td>"));
  EXPECT_TRUE(contains(rejected, "<dt>Rows with problems</dt><dd>2</dd>"));
  EXPECT_EQ(persons(), 0);
}

TEST_P(ImportPagesTest, AHeaderThatDoesNotFitIsAFormErrorNotAServerError) {
  const HttpResult result = upload({"email,shoe_size,id\na@example.no,42,7\n"});
  EXPECT_EQ(result.status, 422);
  EXPECT_TRUE(contains(result, "role=\"alert\" id=\"import-error\""));
  EXPECT_TRUE(contains(result,
                       "aria-describedby=\"import-file-hint import-error\" "
                       "aria-invalid=\"true\""));
  EXPECT_TRUE(contains(result, "The header row does not fit the fields."));
  EXPECT_TRUE(contains(result, "<span class=\"mono\">shoe_size</span>: Unknown column"));
  EXPECT_TRUE(contains(result, "<span class=\"mono\">id</span>: Cannot be imported"));
  EXPECT_EQ(persons(), 0);
}

TEST_P(ImportPagesTest, NoFileAnEmptyFileAndAFormWithoutMultipartAreExplained) {
  const HttpResult no_file = upload({"", "import", "skip", ""});
  EXPECT_EQ(no_file.status, 422);
  EXPECT_TRUE(contains(no_file, "Choose a CSV file to upload."));

  const HttpResult empty = upload({"", "import"});
  EXPECT_EQ(empty.status, 422);
  EXPECT_TRUE(contains(empty, "The file is empty"));

  const HttpResult form = admin_->post_form("/admin/import", {{"csrf", csrf_}, {"mode", "import"}});
  EXPECT_EQ(form.status, 422);
  EXPECT_TRUE(contains(form, "the upload must be multipart/form-data"));

  const HttpResult bad_choice = upload({std::string(kGoodFile), "import", "merge"});
  EXPECT_EQ(bad_choice.status, 422);
  EXPECT_TRUE(contains(bad_choice, "Choose whether to skip or update"));
  EXPECT_EQ(persons(), 0);
}

TEST_P(ImportPagesTest, AMalformedUploadIsABadRequestThatSaysWhy) {
  const std::string whole = multipart_body({std::string(kGoodFile), "import"}, csrf_);
  const HttpResult cut = post_body(*admin_, whole.substr(0, whole.size() / 2));
  EXPECT_EQ(cut.status, 400);
  EXPECT_TRUE(contains(cut, "the upload was cut off"));
  const HttpResult no_boundary = admin_->post("/admin/import", whole, "multipart/form-data");
  EXPECT_EQ(no_boundary.status, 400);
  EXPECT_TRUE(contains(no_boundary, "names no boundary"));
  EXPECT_EQ(persons(), 0);
}

TEST_P(ImportPagesTest, AnUploadOverTheLimitGetsAPageThatSaysSo) {
  const std::string too_much(http::ServerOptions().max_body_bytes, 'a');
  const HttpResult page = upload({too_much, "import"});
  EXPECT_EQ(page.status, 413);
  EXPECT_TRUE(page.header("content-type").starts_with("text/html"));
  EXPECT_TRUE(contains(page, "The upload is larger than 10 MiB"));
  EXPECT_TRUE(contains(page, "href=\"/admin/import\""));  // the layout, as the admin sees it

  const HttpResult api = admin_->post("/api/v1/persons", "\"" + too_much + "\"", "application/json",
                                      {"X-CSRF-Token: " + csrf_});
  EXPECT_EQ(api.status, 413);
  EXPECT_TRUE(api.header("content-type").starts_with("application/problem+json"));
  EXPECT_EQ(persons(), 0);
}

TEST_P(ImportPagesTest, AMultipartPostWithoutTheCsrfTokenIsRejected) {
  const Upload upload_form{std::string(kGoodFile), "import"};
  const HttpResult missing = upload_as(*admin_, std::nullopt, upload_form);
  EXPECT_EQ(missing.status, 403);
  const HttpResult wrong = upload_as(*admin_, "not-the-token", upload_form);
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(persons(), 0);
  EXPECT_EQ(upload(upload_form).status, 200);
}

TEST_P(ImportPagesTest, CrmUsersCannotOpenOrUseTheImportPage) {
  server().add_user("clerk", Role::kUser);
  std::string csrf;
  HttpClient http = server().logged_in_client("clerk", &csrf);
  EXPECT_EQ(http.get("/admin/import").status, 403);
  EXPECT_EQ(upload_as(http, csrf, {std::string(kGoodFile), "import"}).status, 403);
  EXPECT_FALSE(contains(http.get("/"), "href=\"/admin/import\""));
  EXPECT_EQ(persons(), 0);
}

INSTANTIATE_TEST_SUITE_P(Databases, ImportPagesTest, all_backends(), backend_name);

}  // namespace
}  // namespace vern::testing
