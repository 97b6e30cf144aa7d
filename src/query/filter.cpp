#include "query/filter.hpp"

#include <algorithm>
#include <array>

#include "common/error.hpp"
#include "common/validation.hpp"
#include "query/filter_values.hpp"

namespace vern::query {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxErrors = 50;
constexpr std::size_t kMaxKeyText = 100;

constexpr std::array<std::string_view, 8> kNodeKinds = {
    "and", "or", "not", "field", "consent", "activity", "history", "company"};
constexpr std::array<std::string_view, 5> kParticipantStatuses = {"invited", "registered",
                                                                  "attended", "cancelled", "any"};

/// Whether a node is a filter over persons or, inside {"company": F}, over a company.
enum class Scope { kPerson, kCompany };

/// Walks the JSON once, building the tree and collecting every problem with its path.
class Parser {
 public:
  Parser(const FilterFields& fields, const FilterLimits& limits, std::string_view root)
      : fields_(fields), limits_(limits), root_(root) {}

  std::optional<Filter> parse(const json& node, const std::string& path, int depth, Scope scope);

  void throw_if_any() const {
    if (!errors_.empty()) {
      throw Error::invalid(errors_);
    }
  }

 private:
  void fail(std::string path, std::string message) {
    if (errors_.size() < kMaxErrors) {
      errors_.push_back({std::move(path), std::move(message)});
    }
  }
  [[noreturn]] void fail_at_once(std::string path, std::string message) {
    fail(std::move(path), std::move(message));
    throw Error::invalid(errors_);
  }

  bool allow_only(const json& node, const std::string& path,
                  std::initializer_list<std::string_view> keys);
  std::optional<Filter> parse_list(const json& node, const std::string& path, std::string_view key,
                                   int depth, Scope scope);
  std::optional<Filter> parse_field(const json& node, const std::string& path, Scope scope);
  std::optional<Filter> parse_consent(const json& node, const std::string& path);
  std::optional<Filter> parse_activity(const json& node, const std::string& path);
  std::optional<Filter> parse_history(const json& node, const std::string& path);
  std::optional<std::string> key_text(const json& value, const std::string& path);
  std::optional<std::string> date_text(const json& value, const std::string& path);

  const FilterFields& fields_;
  const FilterLimits& limits_;
  std::string root_;
  std::vector<FieldError> errors_;
  int nodes_ = 0;
  std::size_t values_ = 0;
};

bool Parser::allow_only(const json& node, const std::string& path,
                        std::initializer_list<std::string_view> keys) {
  bool clean = true;
  for (const auto& [key, value] : node.items()) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      fail(path_of(path, key), "unknown key");
      clean = false;
    }
  }
  return clean;
}

std::optional<Filter> Parser::parse(const json& node, const std::string& path, int depth,
                                    Scope scope) {
  if (++nodes_ > limits_.max_nodes) {
    fail_at_once(root_,
                 "the filter has more than " + std::to_string(limits_.max_nodes) + " conditions");
  }
  if (depth > limits_.max_depth) {
    fail_at_once(path,
                 "the filter nests deeper than " + std::to_string(limits_.max_depth) + " levels");
  }
  if (!node.is_object()) {
    fail(path, "must be an object such as {\"field\": KEY, \"op\": OP, \"value\": VALUE}");
    return std::nullopt;
  }
  std::vector<std::string_view> kinds;
  for (std::string_view kind : kNodeKinds) {
    if (node.contains(kind)) {
      kinds.push_back(kind);
    }
  }
  if (kinds.empty()) {
    fail(path, "needs one of and, or, not, field, consent, activity, history, company");
    return std::nullopt;
  }
  if (kinds.size() > 1) {
    fail(path, "has both '" + std::string(kinds[0]) + "' and '" + std::string(kinds[1]) +
                   "'; use one per filter");
    return std::nullopt;
  }
  const std::string_view kind = kinds.front();
  if (kind == "and" || kind == "or") {
    return parse_list(node, path, kind, depth, scope);
  }
  if (kind == "not" || kind == "company") {
    if (!allow_only(node, path, {kind})) {
      return std::nullopt;
    }
    if (kind == "company" && scope == Scope::kCompany) {
      fail(path_of(path, kind), "a company filter cannot hold another company filter");
      return std::nullopt;
    }
    auto inner = parse(node.at(kind), path_of(path, kind), depth + 1,
                       kind == "company" ? Scope::kCompany : scope);
    if (!inner) {
      return std::nullopt;
    }
    if (kind == "not") {
      return Filter{Negation{Box<Filter>(std::move(*inner))}, path};
    }
    return Filter{CompanyCondition{Box<Filter>(std::move(*inner))}, path};
  }
  if (kind == "field") {
    return parse_field(node, path, scope);
  }
  if (scope == Scope::kCompany) {
    fail(path_of(path, kind), "a company filter holds only conditions on the company's fields");
    return std::nullopt;
  }
  if (kind == "consent") {
    return parse_consent(node, path);
  }
  if (kind == "activity") {
    return parse_activity(node, path);
  }
  return parse_history(node, path);
}

std::optional<Filter> Parser::parse_list(const json& node, const std::string& path,
                                         std::string_view key, int depth, Scope scope) {
  if (!allow_only(node, path, {key})) {
    return std::nullopt;
  }
  const json& list = node.at(key);
  const std::string list_path = path_of(path, key);
  if (!list.is_array()) {
    fail(list_path, "must be a list of filters");
    return std::nullopt;
  }
  std::vector<Filter> filters;
  bool complete = true;
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto filter = parse(list[i], path_of(list_path, i), depth + 1, scope);
    if (filter) {
      filters.push_back(std::move(*filter));
    } else {
      complete = false;
    }
  }
  if (!complete) {
    return std::nullopt;
  }
  if (key == "and") {
    return Filter{AllOf{std::move(filters)}, path};
  }
  return Filter{AnyOf{std::move(filters)}, path};
}

std::optional<Filter> Parser::parse_field(const json& node, const std::string& path, Scope scope) {
  if (!allow_only(node, path, {"field", "op", "value"})) {
    return std::nullopt;
  }
  const json& key = node.at("field");
  const std::string key_path = path_of(path, "field");
  if (!key.is_string()) {
    fail(key_path, "must be a field key");
    return std::nullopt;
  }
  const auto& key_name = key.get_ref<const std::string&>();
  const FilterField* field = scope == Scope::kCompany ? FilterFields::company_field(key_name)
                                                      : fields_.person_field(key_name);
  if (field == nullptr) {
    fail(key_path,
         std::string(scope == Scope::kCompany ? "unknown company field " : "unknown field ") +
             quote_input(key_name));
    return std::nullopt;
  }
  const std::string op_path = path_of(path, "op");
  const auto op_node = node.find("op");
  if (op_node == node.end()) {
    fail(op_path, "is required");
    return std::nullopt;
  }
  if (!op_node->is_string()) {
    fail(op_path, "must be an operator such as \"eq\"");
    return std::nullopt;
  }
  const auto op = parse_op(op_node->get_ref<const std::string&>());
  if (!op) {
    fail(op_path, "unknown operator " + quote_input(op_node->get_ref<const std::string&>()));
    return std::nullopt;
  }
  if (!operator_fits(*op, field->kind)) {
    const std::string kind(to_string(field->kind));
    const bool vowel = kind.find_first_of("aeiou") == 0;
    fail(op_path, "operator '" + std::string(to_string(*op)) + "' does not fit " +
                      (vowel ? "an " : "a ") + kind + " field");
    return std::nullopt;
  }
  const auto value_node = node.find("value");
  ValueReader reader(*field, *op, limits_);
  auto values =
      reader.read(value_node == node.end() ? nullptr : &*value_node, path_of(path, "value"));
  if (!values) {
    fail(reader.error().field, reader.error().message);
    return std::nullopt;
  }
  values_ += values->size();
  if (values_ > limits_.max_values) {
    fail_at_once(root_,
                 "the filter holds more than " + std::to_string(limits_.max_values) + " values");
  }
  return Filter{FieldCondition{field->key, field->source, field->kind, *op, std::move(*values)},
                path};
}

std::optional<std::string> Parser::key_text(const json& value, const std::string& path) {
  if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
    fail(path, "must be a key (text)");
    return std::nullopt;
  }
  const auto& text = value.get_ref<const std::string&>();
  if (text.size() > kMaxKeyText || !validation::is_single_line(text)) {
    fail(path,
         "must be a key of at most " + std::to_string(kMaxKeyText) + " characters on one line");
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> Parser::date_text(const json& value, const std::string& path) {
  if (!value.is_string() || !validation::is_date(value.get_ref<const std::string&>())) {
    fail(path, "must be a date (YYYY-MM-DD)");
    return std::nullopt;
  }
  return value.get<std::string>();
}

std::optional<Filter> Parser::parse_consent(const json& node, const std::string& path) {
  if (!allow_only(node, path, {"consent", "state"})) {
    return std::nullopt;
  }
  auto consent_type = key_text(node.at("consent"), path_of(path, "consent"));
  const std::string state_path = path_of(path, "state");
  std::optional<ConsentState> state;
  if (const auto found = node.find("state"); found == node.end()) {
    fail(state_path, "is required");
  } else if (*found == "granted") {
    state = ConsentState::kGranted;
  } else if (*found == "withdrawn") {
    state = ConsentState::kWithdrawn;
  } else if (*found == "none") {
    state = ConsentState::kNone;
  } else {
    fail(state_path, "must be \"granted\", \"withdrawn\" or \"none\"");
  }
  if (!consent_type || !state) {
    return std::nullopt;
  }
  return Filter{ConsentCondition{std::move(*consent_type), *state}, path};
}

std::optional<Filter> Parser::parse_activity(const json& node, const std::string& path) {
  if (!allow_only(node, path, {"activity", "status"})) {
    return std::nullopt;
  }
  const auto id = positive_id(node.at("activity"));
  if (!id) {
    fail(path_of(path, "activity"), "must be an activity id (a positive integer)");
  }
  std::optional<std::string> status;
  bool status_ok = true;
  if (const auto found = node.find("status"); found != node.end()) {
    const bool known =
        found->is_string() &&
        std::find(kParticipantStatuses.begin(), kParticipantStatuses.end(),
                  found->get_ref<const std::string&>()) != kParticipantStatuses.end();
    if (!known) {
      fail(path_of(path, "status"),
           "must be \"invited\", \"registered\", \"attended\", \"cancelled\" or \"any\"");
      status_ok = false;
    } else if (*found != "any") {
      status = found->get<std::string>();
    }
  }
  if (!id || !status_ok) {
    return std::nullopt;
  }
  return Filter{ActivityCondition{*id, std::move(status)}, path};
}

std::optional<Filter> Parser::parse_history(const json& node, const std::string& path) {
  if (!allow_only(node, path, {"history"})) {
    return std::nullopt;
  }
  const json& history = node.at("history");
  const std::string history_path = path_of(path, "history");
  if (!history.is_object()) {
    fail(history_path, "must be an object with \"type\", \"after\" or \"before\"");
    return std::nullopt;
  }
  bool ok = allow_only(history, history_path, {"type", "after", "before"});
  HistoryCondition condition;
  if (const auto found = history.find("type"); found != history.end()) {
    condition.type = key_text(*found, path_of(history_path, "type"));
    ok = ok && condition.type.has_value();
  }
  for (const auto& [key, target] :
       {std::pair{"after", &condition.after}, std::pair{"before", &condition.before}}) {
    if (const auto found = history.find(key); found != history.end()) {
      *target = date_text(*found, path_of(history_path, key));
      ok = ok && target->has_value();
    }
  }
  if (!ok) {
    return std::nullopt;
  }
  return Filter{std::move(condition), path};
}

}  // namespace

Filter parse_filter(const nlohmann::json& json, const std::vector<crm::FieldDefinition>& fields,
                    std::string_view path, const FilterLimits& limits) {
  const FilterFields filter_fields(fields);
  Parser parser(filter_fields, limits, path);
  auto filter = parser.parse(json, std::string(path), 1, Scope::kPerson);
  parser.throw_if_any();
  return std::move(*filter);
}

namespace {

void collect_consents(const Filter& filter, std::vector<ConsentReference>& found) {
  std::visit(
      [&](const auto& node) {
        using Node = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<Node, AllOf> || std::is_same_v<Node, AnyOf>) {
          for (const Filter& each : node.filters) {
            collect_consents(each, found);
          }
        } else if constexpr (std::is_same_v<Node, Negation> ||
                             std::is_same_v<Node, CompanyCondition>) {
          collect_consents(*node.filter, found);
        } else if constexpr (std::is_same_v<Node, ConsentCondition>) {
          found.push_back({node.consent_type, filter.path});
        }
      },
      filter.node);
}

}  // namespace

std::vector<ConsentReference> consent_references(const Filter& filter) {
  std::vector<ConsentReference> found;
  collect_consents(filter, found);
  return found;
}

}  // namespace vern::query
