// Loading account snapshots (get-account-authorization-details), the
// organization file and resources files into an AccountModel.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "account/account_internal.h"
#include "iameval/account/model.h"
#include "iameval/arn.h"
#include "iameval/catalog.h"
#include "iameval/internal/status_macros.h"
#include "iameval/parser.h"
#include "iameval/wildcard.h"
#include "io/read_file.h"
#include "json/json_reader.h"

namespace iameval {

using internal::AsciiLower;
namespace {

using json::JsonMember;
using json::JsonValue;

constexpr absl::string_view kFullAwsAccess =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";
constexpr absl::string_view kRcpFullAwsAccess =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]})";

using account_internal::IsAccountId;

std::string Child(const std::string& base, absl::string_view token) {
  return absl::StrCat(base, "/", json::EscapePointerToken(token));
}
std::string Child(const std::string& base, size_t index) {
  return absl::StrCat(base, "/", index);
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 percent-decoding (AWS URL-encodes policy documents that way;
// '+' stays '+'). False on a malformed escape.
bool PercentDecode(absl::string_view in, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out->push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return false;
    int hi = HexDigit(in[i + 1]), lo = HexDigit(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

std::string DirName(absl::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == absl::string_view::npos) return ".";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

std::string JoinPath(absl::string_view dir, absl::string_view file) {
  if (file.empty() || file[0] == '/' || dir.empty()) return std::string(file);
  return absl::StrCat(dir, "/", file);
}

// The compiler-style line the command line prints for an issue:
// "FILE:LINE:COLUMN: error: MESSAGE [CODE] (POINTER)".
std::string Located(const Issue& issue) {
  std::string out = issue.file;
  if (issue.line > 0) absl::StrAppend(&out, ":", issue.line, ":", issue.column);
  absl::StrAppend(&out, out.empty() ? "" : ": ",
                  issue.severity == Severity::kError ? "error" : "warning",
                  ": ", issue.message);
  if (!issue.code.empty()) absl::StrAppend(&out, " [", issue.code, "]");
  if (!issue.pointer.empty()) absl::StrAppend(&out, " (", issue.pointer, ")");
  return out;
}

// One input document being read: messages name the file, the JSON pointer
// and line:column. Every error is also appended to the builder's issue list
// (`sink`) where it is found, so that callers may go on with the next item
// and one load reports all the errors of its inputs.
class Doc {
 public:
  Doc(std::string name, absl::string_view text, std::vector<Issue>* sink)
      : name_(std::move(name)), text_(text), lines_(text), sink_(sink) {}

  const std::string& name() const { return name_; }
  absl::string_view text() const { return text_; }

  void Locate(uint32_t offset, int* line, int* column) const {
    lines_.Locate(offset, line, column);
  }
  Issue At(absl::string_view pointer, uint32_t offset, absl::string_view code,
           absl::string_view message) const {
    Issue issue;
    issue.code = std::string(code);
    issue.message = std::string(message);
    issue.pointer = pointer.empty() ? "/" : std::string(pointer);
    issue.file = name_;
    lines_.Locate(offset, &issue.line, &issue.column);
    return issue;
  }
  // Records `issue` and returns it as a status.
  absl::Status Record(Issue issue) const {
    absl::Status s = absl::InvalidArgumentError(Located(issue));
    if (sink_ != nullptr) sink_->push_back(std::move(issue));
    return s;
  }
  absl::Status Error(absl::string_view pointer, uint32_t offset,
                     absl::string_view message,
                     absl::string_view code = "INVALID_ACCOUNT_INPUT") const {
    return Record(At(pointer, offset, code, message));
  }

  absl::Status Read(JsonValue* root, size_t max_bytes) const {
    json::ReadOptions options;
    options.max_bytes = max_bytes;
    options.max_depth = 96;
    Issue issue;
    if (!json::ReadJson(text_, options, root, &issue)) {
      issue.message = absl::StrCat("invalid JSON: ", issue.message);
      issue.file = name_;
      if (issue.pointer.empty()) issue.pointer.push_back('/');  // see Compile
      return Record(std::move(issue));
    }
    return absl::OkStatus();
  }

  absl::Status ExpectObject(const JsonValue& v, const std::string& ptr) const {
    if (v.is_object()) return absl::OkStatus();
    return Error(
        ptr, v.offset,
        absl::StrCat("expected an object, found ", json::KindName(v.kind)),
        "WRONG_TYPE");
  }
  absl::Status ExpectArray(const JsonValue& v, const std::string& ptr) const {
    if (v.is_array()) return absl::OkStatus();
    return Error(
        ptr, v.offset,
        absl::StrCat("expected an array, found ", json::KindName(v.kind)),
        "WRONG_TYPE");
  }

  // Optional string member (required: error when absent).
  absl::Status String(const JsonValue& obj, const std::string& ptr,
                      absl::string_view field, bool required,
                      std::string* out) const {
    const JsonValue* v = obj.Find(field);
    if (v == nullptr) {
      if (required) {
        return Error(ptr, obj.offset,
                     absl::StrCat("required field \"", field, "\" is missing"),
                     "MISSING_FIELD");
      }
      return absl::OkStatus();
    }
    if (!v->is_string()) {
      return Error(
          Child(ptr, field), v->offset,
          absl::StrCat("expected a string, found ", json::KindName(v->kind)),
          "WRONG_TYPE");
    }
    *out = v->text;
    return absl::OkStatus();
  }

  absl::Status Bool(const JsonValue& obj, const std::string& ptr,
                    absl::string_view field, bool* out) const {
    const JsonValue* v = obj.Find(field);
    if (v == nullptr) return absl::OkStatus();
    if (v->kind != JsonValue::Kind::kBool) {
      return Error(Child(ptr, field), v->offset,
                   absl::StrCat("expected true or false, found ",
                                json::KindName(v->kind)),
                   "WRONG_TYPE");
    }
    *out = v->bool_value;
    return absl::OkStatus();
  }

  // Rejects members not in `allowed` (our own formats are strict, so a typo
  // is an error rather than a silently ignored setting).
  absl::Status OnlyFields(
      const JsonValue& obj, const std::string& ptr,
      std::initializer_list<absl::string_view> allowed) const {
    for (const JsonMember& m : obj.members) {
      bool ok = false;
      for (absl::string_view a : allowed) ok |= (m.key == a);
      if (!ok) {
        return Error(
            Child(ptr, m.key), m.key_offset,
            absl::StrCat("unknown field \"", m.key, "\" (expected one of: ",
                         absl::StrJoin(allowed, ", "), ")"),
            "UNKNOWN_FIELD");
      }
    }
    return absl::OkStatus();
  }

  // Tags as [{"Key": k, "Value": v}] (the AWS form) or {"k": "v"}.
  absl::Status Tags(const JsonValue* v, const std::string& ptr,
                    std::vector<Tag>* out) const {
    if (v == nullptr) return absl::OkStatus();
    if (v->is_object()) {
      for (const JsonMember& m : v->members) {
        if (!m.value.is_string()) {
          return Error(Child(ptr, m.key), m.value.offset,
                       "tag values are strings");
        }
        out->push_back({m.key, m.value.text});
      }
      return absl::OkStatus();
    }
    if (!v->is_array()) {
      return Error(ptr, v->offset,
                   "expected tags as [{\"Key\": ..., \"Value\": ...}] or "
                   "{\"key\": \"value\"}");
    }
    for (size_t i = 0; i < v->items.size(); ++i) {
      const JsonValue& t = v->items[i];
      std::string tp = Child(ptr, i);
      IAMEVAL_RETURN_IF_ERROR(ExpectObject(t, tp));
      Tag tag;
      IAMEVAL_RETURN_IF_ERROR(String(t, tp, "Key", true, &tag.key));
      IAMEVAL_RETURN_IF_ERROR(String(t, tp, "Value", false, &tag.value));
      out->push_back(std::move(tag));
    }
    return absl::OkStatus();
  }

 private:
  std::string name_;
  absl::string_view text_;
  json::LineIndex lines_;
  std::vector<Issue>* sink_;
};

struct Attachment {
  std::string arn;
  Issue at;  // where it is written: errors and warnings about it
};

struct PendingUser {
  IamUser user;
  std::vector<Attachment> managed;
  std::optional<Attachment> boundary;
  std::vector<Attachment> groups;  // arn holds the group name
};

struct PendingGroup {
  IamGroup group;
  std::vector<Attachment> managed;
};

struct PendingRole {
  IamRole role;
  std::vector<Attachment> managed;
  std::optional<Attachment> boundary;
};

struct PendingNode {
  OrgNode node;
  std::string where;
};

// Splits an IAM ARN: arn:PARTITION:iam::ACCOUNT:TYPE/PATH/NAME.
struct IamArn {
  std::string partition;
  std::string account;
  std::string type;  // "user", "role", "group", "policy"
  std::string path;  // "/" or "/a/b/"
  std::string name;
};

// An IAM entity ARN (TYPE/PATH/NAME), by the principal grammar.
std::optional<IamArn> ParseIamArn(absl::string_view arn) {
  std::optional<PrincipalArn> v = PrincipalArn::Parse(arn);
  if (!v || v->service != "iam" || v->path.empty() || v->name.empty()) {
    return std::nullopt;
  }
  IamArn out;
  out.partition = std::string(v->partition);
  out.account = std::string(v->account);
  out.type = std::string(v->entity);
  out.path = std::string(v->path);
  out.name = std::string(v->name);
  return out;
}

std::string Key(absl::string_view account, absl::string_view name) {
  return absl::StrCat(account, "/", name);
}

}  // namespace

// --- paths -------------------------------------------------------------------

std::string AccountDataDir(const LoadOptions& options) {
  if (!options.data_dir.empty()) return options.data_dir;
  // The same lookup as the catalog's (IAMEVAL_DATA_DIR, then the build's).
  return Catalog::DefaultDataDir();
}

// --- builder state
// -------------------------------------------------------------

struct AccountModelBuilder::State {
  LoadOptions options;
  std::vector<PendingUser> users;
  std::vector<PendingGroup> groups;
  std::vector<PendingRole> roles;
  std::vector<ManagedPolicyRef> managed;
  absl::flat_hash_map<std::string, size_t> managed_index;  // by ARN
  absl::flat_hash_set<std::string> seen_entities;          // ARNs
  std::set<std::string> snapshot_accounts;
  std::vector<ModelResource> resources;
  absl::flat_hash_map<std::string, std::string> resource_where;
  std::optional<Organization> org;
  std::vector<std::pair<std::string, uint32_t>> org_node_where;  // per node
  std::vector<Issue> warnings;
  std::string org_file;  // the organization file's name, once set
  // Every error found so far, in the order found (see Doc).
  std::vector<Issue> issues;
  // Managed policies (ARN) and groups ("account/name") that failed to load:
  // references to them are not reported a second time as missing.
  absl::flat_hash_set<std::string> failed;
  size_t compiled = 0;
  bool built = false;
  ModelPolicyRef full_aws_access;
  ModelPolicyRef rcp_full_aws_access;

  // Records a warning, located like the errors (file, line, column,
  // pointer, code).
  void Warn(Issue w) {
    w.severity = Severity::kWarning;
    if (warnings.size() < 1000) warnings.push_back(std::move(w));
  }

  // Whether `s` failed. Errors are recorded where they are found; this makes
  // sure that a failure with no recorded error since `before` is recorded
  // too, so that the caller can go on with the next independent item.
  bool Failed(const absl::Status& s, const Doc& doc, absl::string_view ptr,
              uint32_t offset, size_t before) {
    if (s.ok()) return false;
    if (issues.size() == before) {
      issues.push_back(
          doc.At(ptr, offset, "INVALID_ACCOUNT_INPUT", s.message()));
    }
    return true;
  }
  // What a function that went on after recorded errors returns.
  static absl::Status Reported() {
    return absl::InvalidArgumentError("errors were recorded");
  }
  // The errors recorded since `before`, one located line each.
  absl::Status Since(size_t before) const {
    std::vector<std::string> lines;
    for (size_t i = before; i < issues.size(); ++i) {
      if (issues[i].severity == Severity::kError) {
        lines.push_back(Located(issues[i]));
      }
    }
    if (lines.empty()) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrJoin(lines, "\n"));
  }

  // Parses and compiles a document given in `text` (the whole text is the
  // policy); positions are reported relative to (base_line, base_column) in
  // the file, or inside the decoded text when `decoded_note` is set.
  absl::StatusOr<ModelPolicyRef> Compile(absl::string_view text,
                                         PolicyKind kind, std::string id,
                                         const Doc* doc, uint32_t offset,
                                         const std::string& pointer,
                                         bool decoded,
                                         bool quota_warnings = true) {
    ParseOptions parse_options;
    // AWS managed policies are not bound by the customer quotas.
    parse_options.check_size_quotas = quota_warnings;
    int base_line = 1, base_column = 1;
    if (doc != nullptr) doc->Locate(offset, &base_line, &base_column);
    if (doc != nullptr && !decoded) {
      // Embedded in the file: positions (issues, statements) are the file's.
      parse_options.base_line = base_line;
      parse_options.base_column = base_column;
    }
    ParseResult r = ParsePolicy(text, kind, parse_options);
    std::vector<std::string> errors;
    for (Issue& issue : r.issues) {
      if (doc == nullptr) {
        std::string where =
            absl::StrCat(pointer, issue.pointer, " (line ", issue.line,
                         ", column ", issue.column, ")");
        std::string msg =
            absl::StrCat(where, ": [", issue.code, "] ", issue.message);
        if (issue.severity == Severity::kError) {
          errors.push_back(std::move(msg));
        } else {
          // A built-in document: no file; the pointer names the policy.
          issue.pointer = absl::StrCat(pointer, issue.pointer);
          Warn(std::move(issue));
        }
        continue;
      }
      if (decoded) {
        // The position is in the decoded text; the file only has the
        // string holding it, which is where the pointer and line point.
        absl::StrAppend(&issue.message, " (in the decoded document at ",
                        issue.pointer.empty() ? "/" : issue.pointer, ", line ",
                        issue.line, ", column ", issue.column, ")");
        issue.line = base_line;
        issue.column = base_column;
        issue.pointer.clear();
      }
      issue.pointer = absl::StrCat(pointer, issue.pointer);
      // push_back, not = "/": GCC 12 reports a false -Wrestrict on the
      // assignment here.
      if (issue.pointer.empty()) issue.pointer.push_back('/');
      issue.file = doc->name();
      if (issue.severity != Severity::kError) {
        Warn(std::move(issue));
        continue;
      }
      errors.push_back(Located(issue));
      issues.push_back(std::move(issue));
    }
    if (!errors.empty()) {
      return absl::InvalidArgumentError(absl::StrJoin(errors, "\n"));
    }
    CompileOptions options;
    options.policy_id = id;
    absl::StatusOr<PolicyRef> compiled = CompilePolicy(r.policy, options);
    if (!compiled.ok()) {
      if (doc != nullptr) {
        return doc->Error(pointer, offset, compiled.status().message(),
                          "POLICY_NOT_COMPILED");
      }
      return absl::InvalidArgumentError(
          absl::StrCat(pointer, ": ", compiled.status().message()));
    }
    auto mp = std::make_shared<ModelPolicy>();
    mp->id = std::move(id);
    mp->kind = kind;
    mp->parsed = std::move(r.policy);
    mp->compiled = *std::move(compiled);
    ++this->compiled;
    return ModelPolicyRef(std::move(mp));
  }

  // A policy document member: an object (positions map into the file), or a
  // string holding JSON text, URL-encoded or not.
  absl::StatusOr<ModelPolicyRef> CompileValue(const Doc& doc,
                                              const JsonValue& v,
                                              const std::string& pointer,
                                              PolicyKind kind, std::string id,
                                              bool quota_warnings = true) {
    if (v.is_object()) {
      absl::string_view text = doc.text().substr(v.offset, v.end - v.offset);
      return Compile(text, kind, std::move(id), &doc, v.offset, pointer, false,
                     quota_warnings);
    }
    if (v.is_string()) {
      std::string decoded;
      absl::string_view t = absl::StripLeadingAsciiWhitespace(v.text);
      if (!t.empty() && t[0] == '{') {
        decoded = v.text;
      } else if (!PercentDecode(v.text, &decoded)) {
        return doc.Error(pointer, v.offset,
                         "policy document is neither JSON nor valid "
                         "URL-encoded JSON (bad %-escape)");
      }
      return Compile(decoded, kind, std::move(id), &doc, v.offset, pointer,
                     true, quota_warnings);
    }
    return doc.Error(pointer, v.offset,
                     absl::StrCat("expected a policy document (an object, or "
                                  "URL-encoded JSON text), found ",
                                  json::KindName(v.kind)));
  }

  ModelPolicyRef Builtin(absl::string_view name, PolicyKind kind,
                         absl::string_view text) {
    absl::StatusOr<ModelPolicyRef> p = Compile(
        text, kind, std::string(name), nullptr, 0, std::string(name), false);
    return p.ok() ? *p : nullptr;  // built-in text: cannot fail
  }

  // --- snapshot
  // ---------------------------------------------------------------

  absl::Status InlineList(const Doc& doc, const JsonValue& entity,
                          const std::string& ptr, absl::string_view field,
                          const std::string& entity_arn,
                          std::vector<InlinePolicy>* out) {
    const JsonValue* list = entity.Find(field);
    if (list == nullptr) return absl::OkStatus();
    std::string lp = Child(ptr, field);
    IAMEVAL_RETURN_IF_ERROR(doc.ExpectArray(*list, lp));
    bool failed_any = false;
    for (size_t i = 0; i < list->items.size(); ++i) {
      const JsonValue& item = list->items[i];
      std::string ip = Child(lp, i);
      const size_t before = issues.size();
      absl::Status s = InlineItem(doc, item, ip, entity_arn, out);
      failed_any |= Failed(s, doc, ip, item.offset, before);
    }
    return failed_any ? Reported() : absl::OkStatus();
  }

  absl::Status InlineItem(const Doc& doc, const JsonValue& item,
                          const std::string& ip, const std::string& entity_arn,
                          std::vector<InlinePolicy>* out) {
    IAMEVAL_RETURN_IF_ERROR(doc.ExpectObject(item, ip));
    InlinePolicy p;
    IAMEVAL_RETURN_IF_ERROR(doc.String(item, ip, "PolicyName", true, &p.name));
    const JsonValue* d = item.Find("PolicyDocument");
    if (d == nullptr) {
      return doc.Error(ip, item.offset,
                       "required field \"PolicyDocument\" is missing",
                       "MISSING_FIELD");
    }
    IAMEVAL_ASSIGN_OR_RETURN(
        p.document, CompileValue(doc, *d, Child(ip, "PolicyDocument"),
                                 PolicyKind::kIdentity,
                                 absl::StrCat(entity_arn, "#", p.name)));
    out->push_back(std::move(p));
    return absl::OkStatus();
  }

  absl::Status AttachedList(const Doc& doc, const JsonValue& entity,
                            const std::string& ptr,
                            std::vector<Attachment>* out) {
    const JsonValue* list = entity.Find("AttachedManagedPolicies");
    if (list == nullptr) return absl::OkStatus();
    std::string lp = Child(ptr, "AttachedManagedPolicies");
    IAMEVAL_RETURN_IF_ERROR(doc.ExpectArray(*list, lp));
    for (size_t i = 0; i < list->items.size(); ++i) {
      const JsonValue& item = list->items[i];
      std::string ip = Child(lp, i);
      IAMEVAL_RETURN_IF_ERROR(doc.ExpectObject(item, ip));
      Attachment a;
      IAMEVAL_RETURN_IF_ERROR(doc.String(item, ip, "PolicyArn", true, &a.arn));
      const uint32_t arn_offset = item.Find("PolicyArn")->offset;
      a.at = doc.At(Child(ip, "PolicyArn"), arn_offset, "", "");
      out->push_back(std::move(a));
    }
    return absl::OkStatus();
  }

  absl::Status Boundary(const Doc& doc, const JsonValue& entity,
                        const std::string& ptr,
                        std::optional<Attachment>* out) {
    const JsonValue* b = entity.Find("PermissionsBoundary");
    if (b == nullptr) return absl::OkStatus();
    std::string bp = Child(ptr, "PermissionsBoundary");
    IAMEVAL_RETURN_IF_ERROR(doc.ExpectObject(*b, bp));
    Attachment a;
    IAMEVAL_RETURN_IF_ERROR(
        doc.String(*b, bp, "PermissionsBoundaryArn", true, &a.arn));
    const uint32_t arn_offset = b->Find("PermissionsBoundaryArn")->offset;
    a.at = doc.At(Child(bp, "PermissionsBoundaryArn"), arn_offset, "", "");
    *out = std::move(a);
    return absl::OkStatus();
  }

  // Common identity fields; checks the ARN and takes the account from it.
  absl::Status Identity(const Doc& doc, const JsonValue& e,
                        const std::string& ptr, absl::string_view type,
                        absl::string_view name_field,
                        absl::string_view id_field, std::string* arn,
                        std::string* name, std::string* path, std::string* id,
                        std::string* account, std::string* partition) {
    IAMEVAL_RETURN_IF_ERROR(doc.ExpectObject(e, ptr));
    IAMEVAL_RETURN_IF_ERROR(doc.String(e, ptr, "Arn", true, arn));
    IAMEVAL_RETURN_IF_ERROR(doc.String(e, ptr, name_field, false, name));
    IAMEVAL_RETURN_IF_ERROR(doc.String(e, ptr, "Path", false, path));
    IAMEVAL_RETURN_IF_ERROR(doc.String(e, ptr, id_field, false, id));
    std::optional<IamArn> parsed = ParseIamArn(*arn);
    if (!parsed || parsed->type != type || !IsAccountId(parsed->account)) {
      return doc.Error(
          Child(ptr, "Arn"), e.Find("Arn")->offset,
          absl::StrCat("\"", *arn, "\" is not an IAM ", type,
                       " ARN (arn:aws:iam::ACCOUNT:", type, "/PATH/NAME)"),
          "INVALID_ARN");
    }
    if (name->empty()) *name = parsed->name;
    if (path->empty()) *path = parsed->path;
    *account = parsed->account;
    *partition = parsed->partition;
    if (!seen_entities.insert(*arn).second) {
      Warn(doc.At(
          ptr, e.offset, "DUPLICATE_ENTITY",
          absl::StrCat(*arn, " was already loaded; this copy is ignored")));
      return absl::AlreadyExistsError("duplicate");
    }
    snapshot_accounts.insert(*account);
    return absl::OkStatus();
  }

  absl::Status User(const Doc& doc, const JsonValue& e,
                    const std::string& ptr) {
    PendingUser p;
    IamUser& u = p.user;
    absl::Status s =
        Identity(doc, e, ptr, "user", "UserName", "UserId", &u.arn, &u.name,
                 &u.path, &u.id, &u.account, &u.partition);
    if (absl::IsAlreadyExists(s)) return absl::OkStatus();
    IAMEVAL_RETURN_IF_ERROR(s);
    IAMEVAL_RETURN_IF_ERROR(
        InlineList(doc, e, ptr, "UserPolicyList", u.arn, &u.inline_policies));
    IAMEVAL_RETURN_IF_ERROR(AttachedList(doc, e, ptr, &p.managed));
    IAMEVAL_RETURN_IF_ERROR(Boundary(doc, e, ptr, &p.boundary));
    IAMEVAL_RETURN_IF_ERROR(
        doc.Tags(e.Find("Tags"), Child(ptr, "Tags"), &u.tags));
    if (const JsonValue* g = e.Find("GroupList")) {
      std::string gp = Child(ptr, "GroupList");
      IAMEVAL_RETURN_IF_ERROR(doc.ExpectArray(*g, gp));
      for (size_t i = 0; i < g->items.size(); ++i) {
        const JsonValue& item = g->items[i];
        if (!item.is_string()) {
          return doc.Error(Child(gp, i), item.offset,
                           "expected a group name (string)");
        }
        u.groups.push_back(item.text);
        p.groups.push_back(
            {item.text, doc.At(Child(gp, i), item.offset, "", "")});
      }
    }
    if (const JsonValue* k = e.Find("accessKeys")) {
      std::string kp = Child(ptr, "accessKeys");
      IAMEVAL_RETURN_IF_ERROR(doc.ExpectArray(*k, kp));
      std::vector<AccessKeyInfo> keys;
      for (size_t i = 0; i < k->items.size(); ++i) {
        const JsonValue& item = k->items[i];
        std::string ip = Child(kp, i);
        IAMEVAL_RETURN_IF_ERROR(doc.ExpectObject(item, ip));
        AccessKeyInfo key;
        std::string status;
        IAMEVAL_RETURN_IF_ERROR(
            doc.String(item, ip, "AccessKeyId", false, &key.id));
        IAMEVAL_RETURN_IF_ERROR(doc.String(item, ip, "Status", true, &status));
        IAMEVAL_RETURN_IF_ERROR(
            doc.String(item, ip, "LastUsedDate", false, &key.last_used));
        if (status != "Active" && status != "Inactive") {
          return doc.Error(Child(ip, "Status"), item.Find("Status")->offset,
                           "Status must be \"Active\" or \"Inactive\"");
        }
        key.active = status == "Active";
        keys.push_back(std::move(key));
      }
      u.access_keys = std::move(keys);
    }
    users.push_back(std::move(p));
    return absl::OkStatus();
  }

  absl::Status Group(const Doc& doc, const JsonValue& e,
                     const std::string& ptr) {
    PendingGroup p;
    IamGroup& g = p.group;
    std::string partition;
    absl::Status s =
        Identity(doc, e, ptr, "group", "GroupName", "GroupId", &g.arn, &g.name,
                 &g.path, &g.id, &g.account, &partition);
    if (absl::IsAlreadyExists(s)) return absl::OkStatus();
    IAMEVAL_RETURN_IF_ERROR(s);
    IAMEVAL_RETURN_IF_ERROR(
        InlineList(doc, e, ptr, "GroupPolicyList", g.arn, &g.inline_policies));
    IAMEVAL_RETURN_IF_ERROR(AttachedList(doc, e, ptr, &p.managed));
    groups.push_back(std::move(p));
    return absl::OkStatus();
  }

  absl::Status Role(const Doc& doc, const JsonValue& e,
                    const std::string& ptr) {
    PendingRole p;
    IamRole& r = p.role;
    absl::Status s =
        Identity(doc, e, ptr, "role", "RoleName", "RoleId", &r.arn, &r.name,
                 &r.path, &r.id, &r.account, &r.partition);
    if (absl::IsAlreadyExists(s)) return absl::OkStatus();
    IAMEVAL_RETURN_IF_ERROR(s);
    const JsonValue* trust = e.Find("AssumeRolePolicyDocument");
    if (trust == nullptr) {
      return doc.Error(
          ptr, e.offset,
          "required field \"AssumeRolePolicyDocument\" is missing");
    }
    IAMEVAL_ASSIGN_OR_RETURN(
        r.trust,
        CompileValue(doc, *trust, Child(ptr, "AssumeRolePolicyDocument"),
                     PolicyKind::kTrust, absl::StrCat(r.arn, "#trust")));
    IAMEVAL_RETURN_IF_ERROR(
        InlineList(doc, e, ptr, "RolePolicyList", r.arn, &r.inline_policies));
    IAMEVAL_RETURN_IF_ERROR(AttachedList(doc, e, ptr, &p.managed));
    IAMEVAL_RETURN_IF_ERROR(Boundary(doc, e, ptr, &p.boundary));
    IAMEVAL_RETURN_IF_ERROR(
        doc.Tags(e.Find("Tags"), Child(ptr, "Tags"), &r.tags));
    if (const JsonValue* ips = e.Find("InstanceProfileList")) {
      std::string lp = Child(ptr, "InstanceProfileList");
      IAMEVAL_RETURN_IF_ERROR(doc.ExpectArray(*ips, lp));
      for (size_t i = 0; i < ips->items.size(); ++i) {
        const JsonValue& item = ips->items[i];
        std::string ip = Child(lp, i);
        IAMEVAL_RETURN_IF_ERROR(doc.ExpectObject(item, ip));
        std::string arn;
        IAMEVAL_RETURN_IF_ERROR(doc.String(item, ip, "Arn", true, &arn));
        r.instance_profiles.push_back(std::move(arn));
      }
    }
    if (const JsonValue* lu = e.Find("RoleLastUsed")) {
      std::string lp = Child(ptr, "RoleLastUsed");
      IAMEVAL_RETURN_IF_ERROR(doc.ExpectObject(*lu, lp));
      IAMEVAL_RETURN_IF_ERROR(
          doc.String(*lu, lp, "LastUsedDate", false, &r.last_used));
      r.last_used_known = true;
    }
    r.service_linked = absl::StartsWith(r.path, "/aws-service-role/");
    r.sso = absl::StartsWith(r.name, "AWSReservedSSO_");
    roles.push_back(std::move(p));
    return absl::OkStatus();
  }

  absl::Status Managed(const Doc& doc, const JsonValue& e,
                       const std::string& ptr) {
    IAMEVAL_RETURN_IF_ERROR(doc.ExpectObject(e, ptr));
    auto m = std::make_shared<ManagedPolicy>();
    IAMEVAL_RETURN_IF_ERROR(doc.String(e, ptr, "Arn", true, &m->arn));
    IAMEVAL_RETURN_IF_ERROR(doc.String(e, ptr, "PolicyName", false, &m->name));
    IAMEVAL_RETURN_IF_ERROR(doc.String(e, ptr, "Path", false, &m->path));
    IAMEVAL_RETURN_IF_ERROR(
        doc.String(e, ptr, "DefaultVersionId", false, &m->default_version));
    std::optional<IamArn> parsed = ParseIamArn(m->arn);
    if (!parsed || parsed->type != "policy" ||
        !(IsAccountId(parsed->account) || parsed->account == "aws")) {
      return doc.Error(Child(ptr, "Arn"), e.Find("Arn")->offset,
                       absl::StrCat("\"", m->arn,
                                    "\" is not a managed policy ARN "
                                    "(arn:aws:iam::ACCOUNT:policy/PATH/NAME)"));
    }
    if (managed_index.contains(m->arn)) return absl::OkStatus();  // same ARN
    if (m->name.empty()) m->name = parsed->name;
    if (m->path.empty()) m->path = parsed->path;
    m->account = parsed->account;
    m->aws_managed = parsed->account == "aws";
    m->source = doc.name();
    const JsonValue* versions = e.Find("PolicyVersionList");
    if (versions == nullptr) {
      return doc.Error(ptr, e.offset,
                       "required field \"PolicyVersionList\" is missing");
    }
    std::string vp = Child(ptr, "PolicyVersionList");
    IAMEVAL_RETURN_IF_ERROR(doc.ExpectArray(*versions, vp));
    const JsonValue* chosen = nullptr;
    std::string chosen_ptr;
    for (size_t i = 0; i < versions->items.size(); ++i) {
      const JsonValue& v = versions->items[i];
      std::string ip = Child(vp, i);
      IAMEVAL_RETURN_IF_ERROR(doc.ExpectObject(v, ip));
      std::string id;
      bool is_default = false;
      IAMEVAL_RETURN_IF_ERROR(doc.String(v, ip, "VersionId", false, &id));
      IAMEVAL_RETURN_IF_ERROR(doc.Bool(v, ip, "IsDefaultVersion", &is_default));
      const bool pick =
          m->default_version.empty() ? is_default : id == m->default_version;
      if (pick && chosen == nullptr) {
        chosen = &v;
        chosen_ptr = ip;
        if (m->default_version.empty()) m->default_version = id;
      } else {
        m->other_versions.push_back(id);
      }
    }
    if (chosen == nullptr) {
      return doc.Error(
          vp, versions->offset,
          absl::StrCat("no version is the default (DefaultVersionId \"",
                       m->default_version, "\")"));
    }
    const JsonValue* d = chosen->Find("Document");
    if (d == nullptr) {
      return doc.Error(chosen_ptr, chosen->offset,
                       "required field \"Document\" is missing");
    }
    IAMEVAL_ASSIGN_OR_RETURN(
        m->document,
        CompileValue(doc, *d, Child(chosen_ptr, "Document"),
                     PolicyKind::kIdentity, m->arn, !m->aws_managed));
    managed_index[m->arn] = managed.size();
    managed.push_back(std::move(m));
    return absl::OkStatus();
  }

  // A managed policy or group that did not load, so that references to it
  // are not reported again as missing.
  void NoteFailedEntity(absl::string_view section, const JsonValue& item) {
    const JsonValue* arn = item.is_object() ? item.Find("Arn") : nullptr;
    if (arn == nullptr || !arn->is_string()) return;
    if (section == "Policies") {
      failed.insert(arn->text);
    } else if (section == "GroupDetailList") {
      if (std::optional<IamArn> parsed = ParseIamArn(arn->text)) {
        const JsonValue* name = item.Find("GroupName");
        failed.insert(Key(parsed->account, name && name->is_string()
                                               ? name->text
                                               : parsed->name));
      }
    }
  }

  absl::Status Page(const Doc& doc, const JsonValue& page,
                    const std::string& ptr) {
    IAMEVAL_RETURN_IF_ERROR(doc.ExpectObject(page, ptr));
    struct Section {
      absl::string_view name;
      absl::Status (State::*fn)(const Doc&, const JsonValue&,
                                const std::string&);
    };
    // Policies first, so the default versions are known; order is
    // otherwise irrelevant (references resolve in Build).
    const Section sections[] = {{"Policies", &State::Managed},
                                {"GroupDetailList", &State::Group},
                                {"UserDetailList", &State::User},
                                {"RoleDetailList", &State::Role}};
    bool any = false;
    bool failed_any = false;
    for (const Section& section : sections) {
      const JsonValue* list = page.Find(section.name);
      if (list == nullptr) continue;
      any = true;
      std::string lp = Child(ptr, section.name);
      if (!doc.ExpectArray(*list, lp).ok()) {
        failed_any = true;
        continue;
      }
      for (size_t i = 0; i < list->items.size(); ++i) {
        const JsonValue& item = list->items[i];
        const size_t before = issues.size();
        std::string ip = Child(lp, i);
        if (Failed((this->*section.fn)(doc, item, ip), doc, ip, item.offset,
                   before)) {
          failed_any = true;
          NoteFailedEntity(section.name, item);
        }
      }
    }
    if (failed_any) return Reported();
    if (!any) {
      return doc.Error(ptr, page.offset,
                       "not a get-account-authorization-details output (none "
                       "of UserDetailList, GroupDetailList, RoleDetailList, "
                       "Policies)");
    }
    bool truncated = false;
    if (doc.Bool(page, ptr, "IsTruncated", &truncated).ok() && truncated) {
      Warn(doc.At(ptr, page.offset, "TRUNCATED_SNAPSHOT",
                  "IsTruncated is true: load the remaining pages too "
                  "(several files, or an array of pages)"));
    }
    return absl::OkStatus();
  }

  // --- organization --------------------------------------------------------

  struct OrgPolicyDef {
    PolicyKind kind;
    ModelPolicyRef doc;
  };

  absl::StatusOr<ModelPolicyRef> OrgPolicyFromObject(
      const Doc& doc, const JsonValue& v, const std::string& ptr,
      PolicyKind kind, const std::string& base_dir, std::string name) {
    const JsonValue* d = v.Find("document");
    const JsonValue* f = v.Find("file");
    if ((d == nullptr) == (f == nullptr)) {
      return doc.Error(ptr, v.offset,
                       "give exactly one of \"document\" (the policy, an "
                       "object or JSON text) and \"file\" (a path relative "
                       "to this file)");
    }
    if (d != nullptr) {
      return CompileValue(doc, *d, Child(ptr, "document"), kind,
                          std::move(name));
    }
    if (!f->is_string()) {
      return doc.Error(Child(ptr, "file"), f->offset, "expected a path");
    }
    std::string path = JoinPath(base_dir, f->text);
    absl::StatusOr<std::string> text =
        io::ReadFile(path, options.max_file_bytes);
    if (!text.ok()) {
      return doc.Error(Child(ptr, "file"), f->offset, text.status().message(),
                       "FILE_UNREADABLE");
    }
    Doc sub(path, *text, &issues);
    JsonValue root;
    IAMEVAL_RETURN_IF_ERROR(sub.Read(&root, options.max_file_bytes));
    return CompileValue(sub, root, "", kind, std::move(name));
  }

  absl::Status OrgPolicyList(
      const Doc& doc, const JsonValue& node, const std::string& ptr,
      absl::string_view field, PolicyKind kind, const std::string& base_dir,
      const absl::flat_hash_map<std::string, OrgPolicyDef>& named,
      std::vector<ModelPolicyRef>* out) {
    const JsonValue* list = node.Find(field);
    if (list == nullptr) return absl::OkStatus();
    std::string lp = Child(ptr, field);
    IAMEVAL_RETURN_IF_ERROR(doc.ExpectArray(*list, lp));
    bool failed_any = false;
    for (size_t i = 0; i < list->items.size(); ++i) {
      const JsonValue& item = list->items[i];
      std::string ip = Child(lp, i);
      const size_t before = issues.size();
      absl::Status s = OrgPolicyItem(doc, item, ip, ptr, field, i, kind,
                                     base_dir, named, out);
      failed_any |= Failed(s, doc, ip, item.offset, before);
    }
    return failed_any ? Reported() : absl::OkStatus();
  }

  absl::Status OrgPolicyItem(
      const Doc& doc, const JsonValue& item, const std::string& ip,
      const std::string& ptr, absl::string_view field, size_t i,
      PolicyKind kind, const std::string& base_dir,
      const absl::flat_hash_map<std::string, OrgPolicyDef>& named,
      std::vector<ModelPolicyRef>* out) {
    const bool scp = kind == PolicyKind::kScp;
    {
      if (item.is_string()) {
        if (scp && item.text == "FullAWSAccess") {
          out->push_back(full_aws_access);
          return absl::OkStatus();
        }
        if (!scp && item.text == "RCPFullAWSAccess") {
          out->push_back(rcp_full_aws_access);
          return absl::OkStatus();
        }
        auto it = named.find(item.text);
        if (it == named.end()) {
          return doc.Error(
              ip, item.offset,
              absl::StrCat("no policy named \"", item.text,
                           "\" under \"policies\" (built in: ",
                           scp ? "FullAWSAccess" : "RCPFullAWSAccess", ")"),
              "UNKNOWN_POLICY");
        }
        if (it->second.kind != kind) {
          return doc.Error(
              ip, item.offset,
              absl::StrCat("\"", item.text, "\" is an ", scp ? "RCP" : "SCP",
                           ", listed under \"", field, "\""));
        }
        out->push_back(it->second.doc);
        return absl::OkStatus();
      }
      if (!item.is_object()) {
        return doc.Error(ip, item.offset,
                         "expected a policy name or {\"name\", \"document\" | "
                         "\"file\"}");
      }
      IAMEVAL_RETURN_IF_ERROR(
          doc.OnlyFields(item, ip, {"name", "document", "file"}));
      std::string name;
      IAMEVAL_RETURN_IF_ERROR(doc.String(item, ip, "name", false, &name));
      if (name.empty()) name = absl::StrCat(ptr, "/", field, "/", i);
      IAMEVAL_ASSIGN_OR_RETURN(
          ModelPolicyRef p,
          OrgPolicyFromObject(doc, item, ip, kind, base_dir, std::move(name)));
      out->push_back(std::move(p));
    }
    return absl::OkStatus();
  }

  absl::Status OrgNodeAt(
      const Doc& doc, const JsonValue& v, const std::string& ptr,
      OrgNode::Type type, int parent, const std::string& base_dir,
      const absl::flat_hash_map<std::string, OrgPolicyDef>& named,
      absl::flat_hash_set<std::string>* ids) {
    IAMEVAL_RETURN_IF_ERROR(doc.ExpectObject(v, ptr));
    if (type == OrgNode::Type::kAccount) {
      IAMEVAL_RETURN_IF_ERROR(
          doc.OnlyFields(v, ptr, {"id", "name", "scps", "rcps"}));
    } else {
      IAMEVAL_RETURN_IF_ERROR(doc.OnlyFields(
          v, ptr,
          {"id", "name", "scps", "rcps", "accounts", "organizationalUnits"}));
    }
    OrgNode node;
    node.type = type;
    node.parent = parent;
    IAMEVAL_RETURN_IF_ERROR(doc.String(v, ptr, "id", true, &node.id));
    IAMEVAL_RETURN_IF_ERROR(doc.String(v, ptr, "name", false, &node.name));
    const uint32_t id_offset = v.Find("id")->offset;
    if (type == OrgNode::Type::kAccount && !IsAccountId(node.id)) {
      return doc.Error(Child(ptr, "id"), id_offset,
                       "an account id has 12 digits", "INVALID_ACCOUNT_ID");
    }
    if (type == OrgNode::Type::kRoot && !absl::StartsWith(node.id, "r-")) {
      return doc.Error(Child(ptr, "id"), id_offset,
                       "the root id starts with \"r-\"");
    }
    if (type == OrgNode::Type::kOrganizationalUnit &&
        !absl::StartsWith(node.id, "ou-")) {
      return doc.Error(Child(ptr, "id"), id_offset,
                       "an organizational unit id starts with \"ou-\"");
    }
    if (!ids->insert(node.id).second) {
      return doc.Error(Child(ptr, "id"), id_offset,
                       absl::StrCat("\"", node.id, "\" appears twice"));
    }
    IAMEVAL_RETURN_IF_ERROR(OrgPolicyList(doc, v, ptr, "scps", PolicyKind::kScp,
                                          base_dir, named, &node.scps));
    IAMEVAL_RETURN_IF_ERROR(OrgPolicyList(doc, v, ptr, "rcps", PolicyKind::kRcp,
                                          base_dir, named, &node.rcps));
    Organization& o = *org;
    const int index = static_cast<int>(o.nodes.size());
    o.nodes.push_back(node);
    org_node_where.emplace_back(ptr, v.offset);
    if (parent >= 0) o.nodes[parent].children.push_back(index);
    if (type == OrgNode::Type::kAccount) {
      o.account_index[node.id] = index;
      return absl::OkStatus();
    }
    bool failed_any = false;
    if (const JsonValue* accounts = v.Find("accounts")) {
      std::string ap = Child(ptr, "accounts");
      IAMEVAL_RETURN_IF_ERROR(doc.ExpectArray(*accounts, ap));
      for (size_t i = 0; i < accounts->items.size(); ++i) {
        const size_t before = issues.size();
        std::string cp = Child(ap, i);
        absl::Status s =
            OrgNodeAt(doc, accounts->items[i], cp, OrgNode::Type::kAccount,
                      index, base_dir, named, ids);
        failed_any |= Failed(s, doc, cp, accounts->items[i].offset, before);
      }
    }
    if (const JsonValue* ous = v.Find("organizationalUnits")) {
      std::string op = Child(ptr, "organizationalUnits");
      IAMEVAL_RETURN_IF_ERROR(doc.ExpectArray(*ous, op));
      for (size_t i = 0; i < ous->items.size(); ++i) {
        const size_t before = issues.size();
        std::string cp = Child(op, i);
        absl::Status s = OrgNodeAt(doc, ous->items[i], cp,
                                   OrgNode::Type::kOrganizationalUnit, index,
                                   base_dir, named, ids);
        failed_any |= Failed(s, doc, cp, ous->items[i].offset, before);
      }
    }
    return failed_any ? Reported() : absl::OkStatus();
  }

  absl::Status NamedOrgPolicy(
      const Doc& doc, const JsonMember& m, const std::string& pp,
      const std::string& base_dir,
      absl::flat_hash_map<std::string, OrgPolicyDef>* named) {
    IAMEVAL_RETURN_IF_ERROR(doc.ExpectObject(m.value, pp));
    IAMEVAL_RETURN_IF_ERROR(
        doc.OnlyFields(m.value, pp, {"type", "document", "file", "arn"}));
    std::string type;
    IAMEVAL_RETURN_IF_ERROR(doc.String(m.value, pp, "type", true, &type));
    PolicyKind kind;
    if (type == "SCP") {
      kind = PolicyKind::kScp;
    } else if (type == "RCP") {
      kind = PolicyKind::kRcp;
    } else {
      return doc.Error(Child(pp, "type"), m.value.Find("type")->offset,
                       "type must be \"SCP\" or \"RCP\"");
    }
    if (m.key == "FullAWSAccess" || m.key == "RCPFullAWSAccess") {
      return doc.Error(
          pp, m.key_offset,
          absl::StrCat("\"", m.key, "\" is built in; do not redefine it"));
    }
    // Known even when its document fails, so that the nodes listing it do
    // not report it again as unknown.
    OrgPolicyDef& def = (*named)[m.key];
    def.kind = kind;
    IAMEVAL_ASSIGN_OR_RETURN(
        def.doc, OrgPolicyFromObject(doc, m.value, pp, kind, base_dir, m.key));
    return absl::OkStatus();
  }

  absl::Status ParseOrganization(const Doc& doc, const std::string& base_dir) {
    JsonValue root;
    IAMEVAL_RETURN_IF_ERROR(doc.Read(&root, options.max_file_bytes));
    IAMEVAL_RETURN_IF_ERROR(doc.ExpectObject(root, ""));
    IAMEVAL_RETURN_IF_ERROR(doc.OnlyFields(
        root, "",
        {"organizationId", "managementAccountId", "policies", "root"}));
    org.emplace();
    org_node_where.clear();
    IAMEVAL_RETURN_IF_ERROR(
        doc.String(root, "", "organizationId", true, &org->id));
    if (!absl::StartsWith(org->id, "o-")) {
      return doc.Error("/organizationId", root.Find("organizationId")->offset,
                       "an organization id starts with \"o-\"");
    }
    IAMEVAL_RETURN_IF_ERROR(doc.String(root, "", "managementAccountId", true,
                                       &org->management_account));
    const uint32_t mgmt_offset = root.Find("managementAccountId")->offset;
    if (!IsAccountId(org->management_account)) {
      return doc.Error("/managementAccountId", mgmt_offset,
                       "an account id has 12 digits", "INVALID_ACCOUNT_ID");
    }
    const size_t issues_before = issues.size();
    absl::flat_hash_map<std::string, OrgPolicyDef> named;
    if (const JsonValue* policies = root.Find("policies")) {
      IAMEVAL_RETURN_IF_ERROR(doc.ExpectObject(*policies, "/policies"));
      for (const JsonMember& m : policies->members) {
        std::string pp = Child("/policies", m.key);
        const size_t before = issues.size();
        absl::Status s = NamedOrgPolicy(doc, m, pp, base_dir, &named);
        Failed(s, doc, pp, m.value.offset, before);
      }
    }
    const JsonValue* tree = root.Find("root");
    if (tree == nullptr) {
      return doc.Error("", root.offset, "required field \"root\" is missing");
    }
    absl::flat_hash_set<std::string> ids;
    const size_t before = issues.size();
    Failed(OrgNodeAt(doc, *tree, "/root", OrgNode::Type::kRoot, -1, base_dir,
                     named, &ids),
           doc, "/root", tree->offset, before);
    // A tree with errors misses nodes: the checks on the whole would only
    // repeat them.
    if (issues.size() > issues_before) return Reported();
    if (!org->account_index.contains(org->management_account)) {
      return doc.Error(
          "/managementAccountId", mgmt_offset,
          absl::StrCat("the management account ", org->management_account,
                       " is not in the tree under \"root\""));
    }
    for (const OrgNode& n : org->nodes) {
      org->scps_enabled |= !n.scps.empty();
      org->rcps_enabled |= !n.rcps.empty();
    }
    if (org->scps_enabled) {
      // AWS keeps at least one SCP on every node while SCPs are enabled.
      for (size_t i = 0; i < org->nodes.size(); ++i) {
        if (org->nodes[i].scps.empty()) {
          doc.Error(org_node_where[i].first, org_node_where[i].second,
                    "no SCP attached; while SCPs are enabled every root, OU "
                    "and account has at least one (write \"FullAWSAccess\")",
                    "NO_SCP")
              .IgnoreError();  // recorded; the other nodes are checked too
        }
      }
      if (issues.size() > issues_before) return Reported();
    }
    return absl::OkStatus();
  }

  // --- resources -------------------------------------------------------------

  absl::Status ParseResources(const Doc& doc, const std::string& base_dir) {
    JsonValue root;
    IAMEVAL_RETURN_IF_ERROR(doc.Read(&root, options.max_file_bytes));
    const JsonValue* list = &root;
    std::string lp;
    if (root.is_object()) {
      IAMEVAL_RETURN_IF_ERROR(doc.OnlyFields(root, "", {"resources"}));
      list = root.Find("resources");
      if (list == nullptr) {
        return doc.Error("", root.offset,
                         "required field \"resources\" is missing");
      }
      lp = "/resources";
    }
    IAMEVAL_RETURN_IF_ERROR(doc.ExpectArray(*list, lp));
    bool failed_any = false;
    for (size_t i = 0; i < list->items.size(); ++i) {
      const JsonValue& v = list->items[i];
      std::string ip = Child(lp, i);
      const size_t before = issues.size();
      failed_any |=
          Failed(ResourceItem(doc, v, ip, base_dir), doc, ip, v.offset, before);
    }
    return failed_any ? Reported() : absl::OkStatus();
  }

  absl::Status ResourceItem(const Doc& doc, const JsonValue& v,
                            const std::string& ip,
                            const std::string& base_dir) {
    IAMEVAL_RETURN_IF_ERROR(doc.ExpectObject(v, ip));
    IAMEVAL_RETURN_IF_ERROR(doc.OnlyFields(
        v, ip,
        {"arn", "account", "policy", "policyFile", "tags", "awsManagedKey"}));
    ModelResource r;
    r.source = doc.name();
    IAMEVAL_RETURN_IF_ERROR(doc.String(v, ip, "arn", true, &r.arn));
    IAMEVAL_RETURN_IF_ERROR(doc.String(v, ip, "account", false, &r.account));
    const uint32_t arn_offset = v.Find("arn")->offset;
    std::optional<ArnView> arn = ArnView::Parse(r.arn);
    if (!arn) {
      return doc.Error(Child(ip, "arn"), arn_offset,
                       "expected an ARN (arn:partition:service:region:"
                       "account:resource)",
                       "INVALID_ARN");
    }
    if (r.account.empty()) {
      if (!IsAccountId(arn->account)) {
        return doc.Error(ip, v.offset,
                         "\"account\" is required when the ARN has no "
                         "account (S3 buckets and objects, ...)");
      }
      r.account = std::string(arn->account);
    } else if (!IsAccountId(r.account)) {
      return doc.Error(Child(ip, "account"), v.Find("account")->offset,
                       "an account id has 12 digits", "INVALID_ACCOUNT_ID");
    } else if (IsAccountId(arn->account) && arn->account != r.account) {
      return doc.Error(Child(ip, "account"), v.Find("account")->offset,
                       absl::StrCat("the ARN says account ", arn->account));
    }
    if (auto it = resource_where.find(r.arn); it != resource_where.end()) {
      return doc.Error(
          Child(ip, "arn"), arn_offset,
          absl::StrCat("\"", r.arn, "\" is already listed at ", it->second),
          "DUPLICATE_RESOURCE");
    }
    const JsonValue* policy = v.Find("policy");
    const JsonValue* policy_file = v.Find("policyFile");
    if (policy != nullptr && policy_file != nullptr) {
      return doc.Error(ip, v.offset,
                       "give \"policy\" or \"policyFile\", not both");
    }
    if (policy != nullptr) {
      IAMEVAL_ASSIGN_OR_RETURN(
          r.policy,
          CompileValue(doc, *policy, Child(ip, "policy"), PolicyKind::kResource,
                       absl::StrCat(r.arn, "#policy")));
    } else if (policy_file != nullptr) {
      if (!policy_file->is_string()) {
        return doc.Error(Child(ip, "policyFile"), policy_file->offset,
                         "expected a path");
      }
      std::string path = JoinPath(base_dir, policy_file->text);
      absl::StatusOr<std::string> text =
          io::ReadFile(path, options.max_file_bytes);
      if (!text.ok()) {
        return doc.Error(Child(ip, "policyFile"), policy_file->offset,
                         text.status().message(), "FILE_UNREADABLE");
      }
      Doc sub(path, *text, &issues);
      JsonValue proot;
      IAMEVAL_RETURN_IF_ERROR(sub.Read(&proot, options.max_file_bytes));
      IAMEVAL_ASSIGN_OR_RETURN(
          r.policy, CompileValue(sub, proot, "", PolicyKind::kResource,
                                 absl::StrCat(r.arn, "#policy")));
    }
    IAMEVAL_RETURN_IF_ERROR(
        doc.Tags(v.Find("tags"), Child(ip, "tags"), &r.tags));
    IAMEVAL_RETURN_IF_ERROR(
        doc.Bool(v, ip, "awsManagedKey", &r.aws_managed_key));
    Issue at = doc.At(ip, v.offset, "", "");
    resource_where[r.arn] =
        absl::StrCat(at.file, ":", at.line, ":", at.column, " (", ip, ")");
    resources.push_back(std::move(r));
    return absl::OkStatus();
  }

  // --- AWS managed policies from the vendored list
  // -----------------------------

  absl::Status LoadAwsManaged(const absl::flat_hash_set<std::string>& wanted) {
    if (wanted.empty()) return absl::OkStatus();
    std::string path =
        absl::StrCat(AccountDataDir(options),
                     "/aws-managed-policies/managed_policies.jsonl");
    absl::StatusOr<std::string> text =
        io::ReadFile(path, options.max_file_bytes);
    if (!text.ok()) {
      return absl::NotFoundError(absl::StrCat(
          text.status().message(),
          " (AWS managed policies referenced by the snapshot and not "
          "included in it are read from there; set IAMEVAL_DATA_DIR to the "
          "folder holding aws-managed-policies/)"));
    }
    absl::string_view all = *text;
    size_t start = 0;
    int line_no = 0;
    while (start < all.size()) {
      size_t end = all.find('\n', start);
      if (end == absl::string_view::npos) end = all.size();
      absl::string_view line = all.substr(start, end - start);
      start = end + 1;
      ++line_no;
      // Cheap pre-filter on the "arn" member before reading the line.
      size_t a = line.find("\"arn\":\"");
      if (a == absl::string_view::npos) continue;
      size_t b = line.find('"', a + 7);
      if (b == absl::string_view::npos) continue;
      std::string arn(line.substr(a + 7, b - a - 7));
      if (!wanted.contains(arn)) continue;
      std::string name = absl::StrCat(path, ":", line_no);
      Doc doc(name, line, &issues);
      JsonValue root;
      IAMEVAL_RETURN_IF_ERROR(doc.Read(&root, options.max_file_bytes));
      const JsonValue* d = root.Find("document");
      if (d == nullptr) return doc.Error("", 0, "no \"document\"");
      auto m = std::make_shared<ManagedPolicy>();
      m->arn = arn;
      m->account = "aws";
      m->aws_managed = true;
      m->source = path;
      if (const JsonValue* n = root.Find("name"); n && n->is_string()) {
        m->name = n->text;
      }
      if (const JsonValue* ver = root.Find("version");
          ver && ver->is_string()) {
        m->default_version = ver->text;
      }
      std::optional<IamArn> parsed = ParseIamArn(arn);
      if (parsed) m->path = parsed->path;
      if (m->name.empty() && parsed) m->name = parsed->name;
      IAMEVAL_ASSIGN_OR_RETURN(
          m->document, CompileValue(doc, *d, "/document", PolicyKind::kIdentity,
                                    m->arn, /*quota_warnings=*/false));
      managed_index[m->arn] = managed.size();
      managed.push_back(std::move(m));
    }
    return absl::OkStatus();
  }

  absl::Status Resolve(const Attachment& a, ManagedPolicyRef* out) {
    if (auto it = managed_index.find(a.arn); it != managed_index.end()) {
      *out = managed[it->second];
      return absl::OkStatus();
    }
    // A policy that failed to load was reported where it is.
    if (failed.contains(a.arn)) return absl::OkStatus();
    std::string what = absl::StrCat(
        "managed policy ", a.arn, " is not in the snapshot's Policies",
        absl::StrContains(a.arn, ":iam::aws:policy/")
            ? " nor in the vendored AWS managed policies"
            : " (export with --filter LocalManagedPolicy, or include the "
              "account's snapshot)");
    Issue issue = a.at;
    issue.code = "MISSING_POLICY";
    issue.message = std::move(what);
    if (options.missing_policy_is_error) {
      absl::Status s = absl::NotFoundError(Located(issue));
      issues.push_back(std::move(issue));
      return s;
    }
    absl::StrAppend(&issue.message, "; the attachment is ignored");
    Warn(std::move(issue));
    return absl::OkStatus();
  }
};

// --- builder -----------------------------------------------------------------

AccountModelBuilder::AccountModelBuilder(LoadOptions options)
    : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
  state_->full_aws_access =
      state_->Builtin("FullAWSAccess", PolicyKind::kScp, kFullAwsAccess);
  state_->rcp_full_aws_access =
      state_->Builtin("RCPFullAWSAccess", PolicyKind::kRcp, kRcpFullAwsAccess);
  state_->compiled = 0;
}

AccountModelBuilder::~AccountModelBuilder() = default;

absl::Status AccountModelBuilder::AddSnapshot(absl::string_view json,
                                              absl::string_view source) {
  if (state_->built) return absl::FailedPreconditionError("already built");
  State& s = *state_;
  const size_t before = s.issues.size();
  Doc doc(std::string(source), json, &s.issues);
  JsonValue root;
  if (doc.Read(&root, s.options.max_file_bytes).ok()) {
    if (root.is_array()) {
      for (size_t i = 0; i < root.items.size(); ++i) {
        const size_t page_before = s.issues.size();
        s.Failed(s.Page(doc, root.items[i], Child("", i)), doc, Child("", i),
                 root.items[i].offset, page_before);
      }
    } else {
      s.Failed(s.Page(doc, root, ""), doc, "", root.offset, before);
    }
  }
  return s.Since(before);
}

absl::Status AccountModelBuilder::AddSnapshotFile(absl::string_view path) {
  IAMEVAL_ASSIGN_OR_RETURN(std::string text,
                           io::ReadFile(path, state_->options.max_file_bytes));
  return AddSnapshot(text, path);
}

absl::Status AccountModelBuilder::SetOrganization(absl::string_view json,
                                                  absl::string_view source,
                                                  absl::string_view base_dir) {
  if (state_->built) return absl::FailedPreconditionError("already built");
  State& s = *state_;
  if (s.org) {
    return absl::FailedPreconditionError(
        absl::StrCat(source, ": an organization is already loaded"));
  }
  const size_t before = s.issues.size();
  s.org_file = std::string(source);
  Doc doc(std::string(source), json, &s.issues);
  absl::Status parsed = s.ParseOrganization(doc, std::string(base_dir));
  s.Failed(parsed, doc, "", 0, before);
  if (!parsed.ok()) s.org.reset();
  return s.Since(before);
}

absl::Status AccountModelBuilder::SetOrganizationFile(absl::string_view path) {
  IAMEVAL_ASSIGN_OR_RETURN(std::string text,
                           io::ReadFile(path, state_->options.max_file_bytes));
  return SetOrganization(text, path, DirName(path));
}

absl::Status AccountModelBuilder::AddResources(absl::string_view json,
                                               absl::string_view source,
                                               absl::string_view base_dir) {
  if (state_->built) return absl::FailedPreconditionError("already built");
  State& s = *state_;
  const size_t before = s.issues.size();
  Doc doc(std::string(source), json, &s.issues);
  s.Failed(s.ParseResources(doc, std::string(base_dir)), doc, "", 0, before);
  return s.Since(before);
}

absl::Status AccountModelBuilder::AddResourcesFile(absl::string_view path) {
  IAMEVAL_ASSIGN_OR_RETURN(std::string text,
                           io::ReadFile(path, state_->options.max_file_bytes));
  return AddResources(text, path, DirName(path));
}

const std::vector<Issue>& AccountModelBuilder::issues() const {
  return state_->issues;
}

absl::StatusOr<std::shared_ptr<const AccountModel>>
AccountModelBuilder::Build() {
  State& s = *state_;
  if (s.built) return absl::FailedPreconditionError("already built");
  s.built = true;

  // AWS managed policies referenced but not carried by the snapshots.
  absl::flat_hash_set<std::string> wanted;
  auto want = [&](const Attachment& a) {
    if (!s.managed_index.contains(a.arn) &&
        absl::StrContains(a.arn, ":iam::aws:policy/")) {
      wanted.insert(a.arn);
    }
  };
  for (const PendingUser& u : s.users) {
    for (const Attachment& a : u.managed) want(a);
    if (u.boundary) want(*u.boundary);
  }
  for (const PendingGroup& g : s.groups) {
    for (const Attachment& a : g.managed) want(a);
  }
  for (const PendingRole& r : s.roles) {
    for (const Attachment& a : r.managed) want(a);
    if (r.boundary) want(*r.boundary);
  }
  if (s.options.resolve_aws_managed) {
    const size_t before = s.issues.size();
    absl::Status loaded = s.LoadAwsManaged(wanted);
    // Unreadable vendored data is not an error in the inputs: stop, as for
    // an input that cannot be read.
    if (!loaded.ok() && s.issues.size() == before) return loaded;
  }

  std::shared_ptr<AccountModel> model(new AccountModel());
  AccountModel& m = *model;

  // Groups.
  for (PendingGroup& pg : s.groups) {
    for (const Attachment& a : pg.managed) {
      ManagedPolicyRef p;
      s.Resolve(a, &p).IgnoreError();  // recorded in s.issues
      if (p) {
        pg.group.managed_policies.push_back(std::move(p));
      } else {
        pg.group.missing_policies.push_back(a.arn);
      }
    }
    m.group_by_name_[Key(pg.group.account, pg.group.name)] = m.groups_.size();
    m.groups_.push_back(std::move(pg.group));
  }
  auto add_documents = [](const std::vector<InlinePolicy>& inl,
                          const std::vector<ManagedPolicyRef>& managed,
                          std::vector<ModelPolicyRef>* docs) {
    for (const InlinePolicy& p : inl) docs->push_back(p.document);
    for (const ManagedPolicyRef& p : managed) docs->push_back(p->document);
  };
  // Users.
  for (PendingUser& pu : s.users) {
    IamUser& u = pu.user;
    for (const Attachment& a : pu.managed) {
      ManagedPolicyRef p;
      s.Resolve(a, &p).IgnoreError();  // recorded in s.issues
      if (p) {
        u.managed_policies.push_back(std::move(p));
      } else {
        u.missing_policies.push_back(a.arn);
      }
    }
    if (pu.boundary) {
      s.Resolve(*pu.boundary, &u.boundary).IgnoreError();
      if (!u.boundary) {
        u.missing_policies.push_back(
            absl::StrCat(pu.boundary->arn, " (permissions boundary)"));
      }
    }
    add_documents(u.inline_policies, u.managed_policies, &u.identity_documents);
    for (const Attachment& g : pu.groups) {
      auto it = m.group_by_name_.find(Key(u.account, g.arn));
      if (it == m.group_by_name_.end()) {
        if (s.failed.contains(Key(u.account, g.arn))) continue;
        std::string what =
            absl::StrCat("group \"", g.arn, "\" of account ", u.account,
                         " is not in GroupDetailList (export with --filter "
                         "Group)");
        Issue issue = g.at;
        issue.code = "MISSING_GROUP";
        issue.message = std::move(what);
        if (s.options.missing_policy_is_error) {
          s.issues.push_back(std::move(issue));
          continue;
        }
        absl::StrAppend(&issue.message, "; its policies are ignored");
        s.Warn(std::move(issue));
        u.missing_policies.push_back(absl::StrCat("group ", g.arn));
        continue;
      }
      const IamGroup& group = m.groups_[it->second];
      u.missing_policies.insert(u.missing_policies.end(),
                                group.missing_policies.begin(),
                                group.missing_policies.end());
      add_documents(group.inline_policies, group.managed_policies,
                    &u.identity_documents);
    }
    for (const ModelPolicyRef& d : u.identity_documents) {
      u.identity.push_back(d->compiled);
    }
    m.user_by_arn_[u.arn] = m.users_.size();
    m.user_by_name_[Key(u.account, u.name)] = m.users_.size();
    m.users_.push_back(std::move(u));
  }
  // Roles.
  for (PendingRole& pr : s.roles) {
    IamRole& r = pr.role;
    for (const Attachment& a : pr.managed) {
      ManagedPolicyRef p;
      s.Resolve(a, &p).IgnoreError();  // recorded in s.issues
      if (p) {
        r.managed_policies.push_back(std::move(p));
      } else {
        r.missing_policies.push_back(a.arn);
      }
    }
    if (pr.boundary) {
      s.Resolve(*pr.boundary, &r.boundary).IgnoreError();
      if (!r.boundary) {
        r.missing_policies.push_back(
            absl::StrCat(pr.boundary->arn, " (permissions boundary)"));
      }
    }
    add_documents(r.inline_policies, r.managed_policies, &r.identity_documents);
    for (const ModelPolicyRef& d : r.identity_documents) {
      r.identity.push_back(d->compiled);
    }
    m.role_by_name_[Key(r.account, AsciiLower(r.name))] = m.roles_.size();
    m.roles_.push_back(std::move(r));
  }
  m.managed_ = std::move(s.managed);
  for (size_t i = 0; i < m.managed_.size(); ++i) {
    m.managed_by_arn_[m.managed_[i]->arn] = i;
  }
  m.resources_ = std::move(s.resources);
  for (size_t i = 0; i < m.resources_.size(); ++i) {
    m.resource_by_arn_[m.resources_[i].arn] = i;
  }

  // Accounts.
  std::set<std::string> accounts = s.snapshot_accounts;
  for (const ModelResource& r : m.resources_) accounts.insert(r.account);
  if (s.org) {
    for (const auto& [id, index] : s.org->account_index) accounts.insert(id);
    for (const std::string& a : s.snapshot_accounts) {
      if (!s.org->account_index.contains(a)) {
        Issue issue;
        issue.file = s.org_file;
        issue.code = "ACCOUNT_NOT_IN_ORGANIZATION";
        issue.message = absl::StrCat(
            "account ", a,
            " is not in the organization file: no SCPs or RCPs govern it");
        s.Warn(std::move(issue));
      }
    }
    // Organization levels per account.
    const Organization& o = *s.org;
    for (const auto& [id, index] : o.account_index) {
      std::vector<int> path = o.PathTo(id);
      if (o.scps_enabled) {
        auto& levels = m.scp_levels_[id];
        for (int n : path) {
          std::vector<PolicyRef> level;
          for (const ModelPolicyRef& p : o.nodes[n].scps) {
            level.push_back(p->compiled);
          }
          levels.push_back(std::move(level));
        }
      }
      if (o.rcps_enabled) {
        auto& levels = m.rcp_levels_[id];
        for (int n : path) {
          std::vector<PolicyRef> level;
          for (const ModelPolicyRef& p : o.nodes[n].rcps) {
            level.push_back(p->compiled);
          }
          if (level.empty()) level.push_back(s.rcp_full_aws_access->compiled);
          levels.push_back(std::move(level));
        }
      }
    }
    m.org_ = std::move(s.org);
  }
  m.accounts_.assign(accounts.begin(), accounts.end());
  m.snapshot_accounts_.assign(s.snapshot_accounts.begin(),
                              s.snapshot_accounts.end());
  if (HasErrors(s.issues)) return s.Since(0);
  m.warnings_ = std::move(s.warnings);
  m.compiled_count_ = s.compiled;
  return std::shared_ptr<const AccountModel>(std::move(model));
}

absl::StatusOr<std::shared_ptr<const AccountModel>> LoadAccountModel(
    const AccountFiles& files, const LoadOptions& options,
    std::vector<Issue>* issues) {
  AccountModelBuilder builder(options);
  // Every input is read even after one failed, so that the error lists
  // them all; a file that cannot be read at all stops the load.
  auto add = [&](const absl::Status& s) -> absl::Status {
    return absl::IsInvalidArgument(s) ? absl::OkStatus() : s;
  };
  absl::Status read = absl::OkStatus();
  for (const std::string& f : files.snapshots) {
    if (read.ok()) read = add(builder.AddSnapshotFile(f));
  }
  if (read.ok() && !files.organization.empty()) {
    read = add(builder.SetOrganizationFile(files.organization));
  }
  for (const std::string& f : files.resources) {
    if (read.ok()) read = add(builder.AddResourcesFile(f));
  }
  absl::StatusOr<std::shared_ptr<const AccountModel>> model =
      read.ok() ? builder.Build()
                : absl::StatusOr<std::shared_ptr<const AccountModel>>(read);
  if (issues != nullptr) *issues = builder.issues();
  return model;
}

}  // namespace iameval
