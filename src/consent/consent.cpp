#include "consent/consent.hpp"

#include "common/enum_names.hpp"

namespace vern::consent {
namespace {

constexpr EnumNames<LegalBasis, 6> kBases = {{
    {LegalBasis::kA, "a"},
    {LegalBasis::kB, "b"},
    {LegalBasis::kC, "c"},
    {LegalBasis::kD, "d"},
    {LegalBasis::kE, "e"},
    {LegalBasis::kF, "f"},
}};

constexpr EnumNames<LegalBasis, 6> kBasisDescriptions = {{
    {LegalBasis::kA, "Art. 6(1)(a) consent"},
    {LegalBasis::kB, "Art. 6(1)(b) contract"},
    {LegalBasis::kC, "Art. 6(1)(c) legal obligation"},
    {LegalBasis::kD, "Art. 6(1)(d) vital interests"},
    {LegalBasis::kE, "Art. 6(1)(e) public task"},
    {LegalBasis::kF, "Art. 6(1)(f) legitimate interests"},
}};

constexpr EnumNames<Source, 5> kSources = {{
    {Source::kCrm, "crm"},
    {Source::kPortal, "portal"},
    {Source::kApi, "api"},
    {Source::kImport, "import"},
    {Source::kForm, "form"},
}};

constexpr EnumNames<State, 3> kStates = {{
    {State::kGranted, "granted"},
    {State::kWithdrawn, "withdrawn"},
    {State::kNone, "none"},
}};

}  // namespace

std::string_view to_string(LegalBasis basis) {
  return name_of(kBases, basis);
}

std::optional<LegalBasis> parse_legal_basis(std::string_view text) {
  return value_of(kBases, text);
}

std::string_view describe(LegalBasis basis) {
  return name_of(kBasisDescriptions, basis);
}

std::string_view to_string(Source source) {
  return name_of(kSources, source);
}

std::optional<Source> parse_source(std::string_view text) {
  return value_of(kSources, text);
}

std::string_view to_string(State state) {
  return name_of(kStates, state);
}

std::optional<State> parse_state(std::string_view text) {
  return value_of(kStates, text);
}

const crm::Labels& PersonConsents::text_of(const ConsentEvent& event) const {
  static const crm::Labels kUnknown;
  const auto found = texts.find({event.consent_type, event.text_version});
  return found == texts.end() ? kUnknown : found->second;
}

}  // namespace vern::consent
