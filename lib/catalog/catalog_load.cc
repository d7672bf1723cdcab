// Catalog loading: reading service_reference.json (two threads for the
// layout extract.js writes), checking its shape, and finding the data.
#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "catalog/catalog_impl.h"
#include "iameval/catalog.h"
#include "iameval/internal/status_macros.h"
#include "io/read_file.h"
#include "json/json_reader.h"

namespace iameval {

using json::JsonMember;
using json::JsonValue;

namespace {

// --- JSON shape helpers ---------------------------------------------------

// Where a value sits, as a chain of pointer tokens; the RFC 6901 text is
// built only for an error message, so loading allocates no pointers.
struct Where {
  const Where* parent = nullptr;
  absl::string_view name;  // member name, or "" for an array index
  size_t index = 0;

  Where Member(absl::string_view n) const { return Where{this, n, 0}; }
  Where Item(size_t i) const { return Where{this, "", i}; }
  std::string Pointer() const {
    if (parent == nullptr) return "";
    return name.empty() ? absl::StrCat(parent->Pointer(), "/", index)
                        : absl::StrCat(parent->Pointer(), "/", name);
  }
};

absl::Status ShapeError(const Where& where, absl::string_view what) {
  std::string pointer = where.Pointer();
  return absl::InvalidArgumentError(absl::StrCat(
      "service reference: ", pointer.empty() ? "/" : pointer, ": ", what));
}

JsonValue* FindMember(JsonValue* object, absl::string_view name) {
  for (JsonMember& m : object->members) {
    if (m.key == name) return &m.value;
  }
  return nullptr;
}

absl::Status TakeString(JsonValue* object, absl::string_view name,
                        const Where& where, std::string* out) {
  JsonValue* v = FindMember(object, name);
  if (v == nullptr) {
    return ShapeError(where, absl::StrCat("missing \"", name, "\""));
  }
  if (!v->is_string())
    return ShapeError(where.Member(name), "expected a string");
  *out = std::move(v->text);
  return absl::OkStatus();
}

// The array member `name`; `optional` arrays may be absent (nullptr).
absl::StatusOr<JsonValue*> TakeArray(JsonValue* object, absl::string_view name,
                                     const Where& where,
                                     bool optional = false) {
  JsonValue* v = FindMember(object, name);
  if (v == nullptr) {
    if (optional) return nullptr;
    return ShapeError(where, absl::StrCat("missing \"", name, "\""));
  }
  if (!v->is_array())
    return ShapeError(where.Member(name), "expected an array");
  return v;
}

absl::Status TakeStrings(JsonValue* object, absl::string_view name,
                         const Where& where, std::vector<std::string>* out,
                         bool optional) {
  IAMEVAL_ASSIGN_OR_RETURN(JsonValue * array,
                           TakeArray(object, name, where, optional));
  if (array == nullptr) return absl::OkStatus();
  out->reserve(array->items.size());
  for (size_t i = 0; i < array->items.size(); ++i) {
    JsonValue& item = array->items[i];
    if (!item.is_string()) {
      return ShapeError(where.Member(name).Item(i), "expected a string");
    }
    out->push_back(std::move(item.text));
  }
  return absl::OkStatus();
}

// Like TakeStrings, for condition key names: each is interned by `intern`
// (the JSON text itself goes away with the document).
template <typename Intern>
absl::Status TakeKeyNames(JsonValue* object, const Where& where,
                          std::vector<absl::string_view>* out,
                          Intern&& intern) {
  IAMEVAL_ASSIGN_OR_RETURN(JsonValue * array,
                           TakeArray(object, "conditionKeys", where, true));
  if (array == nullptr) return absl::OkStatus();
  out->reserve(array->items.size());
  for (size_t i = 0; i < array->items.size(); ++i) {
    const JsonValue& item = array->items[i];
    if (!item.is_string()) {
      return ShapeError(where.Member("conditionKeys").Item(i),
                        "expected a string");
    }
    out->push_back(intern(item.text));
  }
  return absl::OkStatus();
}

absl::Status ParseAccess(absl::string_view text, const Where& where,
                         AccessLevel* out) {
  if (text == "List") {
    *out = AccessLevel::kList;
  } else if (text == "Read") {
    *out = AccessLevel::kRead;
  } else if (text == "Write") {
    *out = AccessLevel::kWrite;
  } else if (text == "Permissions management") {
    *out = AccessLevel::kPermissionsManagement;
  } else if (text == "Tagging") {
    *out = AccessLevel::kTagging;
  } else {
    return ShapeError(where,
                      absl::StrCat("unknown access level \"", text, "\""));
  }
  return absl::OkStatus();
}

absl::Status ParseKeys(JsonValue* array, const Where& where,
                       std::vector<ConditionKeyInfo>* out) {
  out->reserve(array->items.size());
  for (size_t i = 0; i < array->items.size(); ++i) {
    JsonValue& k = array->items[i];
    const Where at = where.Item(i);
    if (!k.is_object()) return ShapeError(at, "expected an object");
    ConditionKeyInfo info;
    IAMEVAL_RETURN_IF_ERROR(TakeString(&k, "name", at, &info.name));
    IAMEVAL_RETURN_IF_ERROR(TakeString(&k, "type", at, &info.type));
    out->push_back(std::move(info));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Catalog::Impl::BuildHeader(JsonValue* root,
                                        JsonValue** service_array) {
  const Where top;
  if (!root->is_object()) return ShapeError(top, "expected an object");
  IAMEVAL_RETURN_IF_ERROR(TakeString(root, "version", top, &version));
  IAMEVAL_ASSIGN_OR_RETURN(JsonValue * globals,
                           TakeArray(root, "globalConditionKeys", top));
  IAMEVAL_RETURN_IF_ERROR(
      ParseKeys(globals, top.Member("globalConditionKeys"), &global_keys));
  IAMEVAL_ASSIGN_OR_RETURN(*service_array, TakeArray(root, "services", top));
  return absl::OkStatus();
}

absl::Status Catalog::Impl::BuildService(
    JsonValue* sv, size_t index, ServiceInfo* s,
    catalog_internal::SpellingPool* pool) const {
  const Where top;
  const Where services_at = top.Member("services");
  const Where sat = services_at.Item(index);
  auto intern = [pool](absl::string_view name) { return pool->Intern(name); };
  if (!sv->is_object()) return ShapeError(sat, "expected an object");
  IAMEVAL_RETURN_IF_ERROR(TakeString(sv, "prefix", sat, &s->prefix));
  IAMEVAL_RETURN_IF_ERROR(TakeString(sv, "name", sat, &s->name));
  // Resource types first: actions refer to them by name.
  IAMEVAL_ASSIGN_OR_RETURN(JsonValue * types,
                           TakeArray(sv, "resourceTypes", sat));
  const Where types_at = sat.Member("resourceTypes");
  s->resource_types.resize(types->items.size());
  absl::flat_hash_map<absl::string_view, int> type_index;
  type_index.reserve(types->items.size());
  for (size_t ti = 0; ti < types->items.size(); ++ti) {
    JsonValue& tv = types->items[ti];
    ResourceTypeInfo& t = s->resource_types[ti];
    const Where tat = types_at.Item(ti);
    if (!tv.is_object()) return ShapeError(tat, "expected an object");
    IAMEVAL_RETURN_IF_ERROR(TakeString(&tv, "name", tat, &t.name));
    IAMEVAL_RETURN_IF_ERROR(TakeStrings(&tv, "arns", tat, &t.arns, false));
    // A few entries hold two templates joined by ", ".
    for (size_t i = 0; i < t.arns.size(); ++i) {
      const size_t comma = t.arns[i].find(", ");
      if (comma == std::string::npos) continue;
      std::string rest = t.arns[i].substr(comma + 2);
      t.arns[i].resize(comma);
      t.arns.insert(t.arns.begin() + i + 1, std::move(rest));
    }
    IAMEVAL_RETURN_IF_ERROR(TakeKeyNames(&tv, tat, &t.condition_keys, intern));
    type_index.emplace(t.name, static_cast<int>(ti));
  }
  IAMEVAL_ASSIGN_OR_RETURN(JsonValue * action_array,
                           TakeArray(sv, "actions", sat));
  const Where actions_at = sat.Member("actions");
  s->actions.resize(action_array->items.size());
  for (size_t ai = 0; ai < action_array->items.size(); ++ai) {
    JsonValue& av = action_array->items[ai];
    ActionInfo& a = s->actions[ai];
    const Where aat = actions_at.Item(ai);
    if (!av.is_object()) return ShapeError(aat, "expected an object");
    IAMEVAL_RETURN_IF_ERROR(TakeString(&av, "name", aat, &a.name));
    const JsonValue* access = FindMember(&av, "access");
    if (access == nullptr || !access->is_string()) {
      return ShapeError(aat, "missing \"access\" string");
    }
    IAMEVAL_RETURN_IF_ERROR(
        ParseAccess(access->text, aat.Member("access"), &a.access));
    IAMEVAL_RETURN_IF_ERROR(TakeKeyNames(&av, aat, &a.condition_keys, intern));
    IAMEVAL_ASSIGN_OR_RETURN(JsonValue * res, TakeArray(&av, "resources", aat));
    const Where res_at = aat.Member("resources");
    a.resources.resize(res->items.size());
    for (size_t ri = 0; ri < res->items.size(); ++ri) {
      JsonValue& rv = res->items[ri];
      const Where rat = res_at.Item(ri);
      if (!rv.is_object()) return ShapeError(rat, "expected an object");
      const JsonValue* type = FindMember(&rv, "type");
      if (type == nullptr || !type->is_string()) {
        return ShapeError(rat, "missing \"type\" string");
      }
      auto it = type_index.find(type->text);
      if (it == type_index.end()) {
        return ShapeError(
            rat, absl::StrCat("unknown resource type \"", type->text, "\""));
      }
      a.resources[ri].type = &s->resource_types[it->second];
      const JsonValue* required = FindMember(&rv, "required");
      a.resources[ri].required = required != nullptr &&
                                 required->kind == JsonValue::Kind::kBool &&
                                 required->bool_value;
      IAMEVAL_RETURN_IF_ERROR(
          TakeKeyNames(&rv, rat, &a.resources[ri].condition_keys, intern));
    }
  }
  IAMEVAL_ASSIGN_OR_RETURN(JsonValue * keys_array,
                           TakeArray(sv, "conditionKeys", sat));
  return ParseKeys(keys_array, sat.Member("conditionKeys"), &s->condition_keys);
}

namespace {

json::ReadOptions CatalogReadOptions() {
  json::ReadOptions options;
  options.max_bytes = 256u << 20;
  options.max_depth = 16;
  return options;
}

// A reader error in a part of the file that starts at line first_line + 1
// and sits at `pointer` in the whole document.
absl::Status JsonError(const Issue& error, int first_line,
                       absl::string_view pointer = "") {
  Issue shifted = error;
  shifted.line += first_line;
  shifted.pointer = absl::StrCat(pointer, error.pointer);
  return absl::InvalidArgumentError(
      absl::StrCat("service reference: ", shifted.ToString()));
}

}  // namespace

absl::Status Catalog::Impl::Load(absl::string_view text) {
  // Fast path for the layout extract.js writes (docs/data.md): a header,
  // the line `"services":[`, one service object per line (a comma after all
  // but the last) and a closing `]}`. Each service is read and converted on
  // its own, so the reader's document tree never holds more than one
  // service (a small, warm heap), and the lines are split between two
  // threads. Anything else takes the general path below.
  constexpr absl::string_view kServices = "\n\"services\":[\n";
  const size_t start = text.find(kServices);
  std::vector<absl::string_view> lines;
  bool by_line = start != absl::string_view::npos;
  size_t pos = by_line ? start + kServices.size() : 0;
  while (by_line && pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == absl::string_view::npos) eol = text.size();
    absl::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (line == "]}") {
      by_line =
          text.find_first_not_of(" \t\r\n", pos) == absl::string_view::npos;
      break;
    }
    if (!lines.empty()) {
      // Every service line but the last ends with a comma.
      if (lines.back().back() != ',') by_line = false;
      lines.back().remove_suffix(1);
    }
    if (!absl::StartsWith(line, "{\"prefix\":") || line.size() < 2 ||
        (line.back() != '}' && line.back() != ',')) {
      by_line = false;
    }
    lines.push_back(line);
  }
  if (by_line && (lines.empty() || lines.back().back() != '}')) by_line = false;

  const json::ReadOptions options = CatalogReadOptions();
  Issue error;
  if (by_line) {
    std::string header(text.substr(0, start + 1));
    header.append("\"services\":[]}");
    JsonValue root;
    if (!json::ReadJson(header, options, &root, &error)) {
      return JsonError(error, 0);
    }
    JsonValue* service_array = nullptr;
    IAMEVAL_RETURN_IF_ERROR(BuildHeader(&root, &service_array));
    const int first_line = static_cast<int>(std::count(
        text.begin(), text.begin() + start + kServices.size(), '\n'));
    services.resize(lines.size());
    // The services are independent: two threads each read and convert half
    // of the bytes (each into its own services[i] and spelling pool); the
    // indexes are built afterwards on this thread.
    size_t half = 0;
    for (size_t bytes = 0; half < lines.size() && 2 * bytes < text.size();
         ++half) {
      bytes += lines[half].size();
    }
    struct Part {
      size_t begin, end;
      absl::Status status;
    };
    Part parts[2] = {{0, half, {}}, {half, lines.size(), {}}};
    pools.push_back(std::make_unique<catalog_internal::SpellingPool>());
    pools.push_back(std::make_unique<catalog_internal::SpellingPool>());
    auto work = [&](int p) {
      JsonValue service;
      Issue issue;
      for (size_t i = parts[p].begin; i < parts[p].end; ++i) {
        if (!json::ReadJson(lines[i], options, &service, &issue)) {
          parts[p].status = JsonError(issue, first_line + static_cast<int>(i),
                                      absl::StrCat("/services/", i));
          return;
        }
        parts[p].status =
            BuildService(&service, i, &services[i], pools[p].get());
        if (!parts[p].status.ok()) return;
      }
    };
    std::thread helper;
    if (std::thread::hardware_concurrency() > 1) {
      try {
        helper = std::thread(work, 1);
      } catch (const std::system_error&) {
        // No thread to be had: do it all here.
      }
    }
    work(0);
    if (helper.joinable()) {
      helper.join();
    } else {
      work(1);
    }
    // The first error in file order.
    IAMEVAL_RETURN_IF_ERROR(parts[0].status);
    return parts[1].status;
  }
  JsonValue root;
  if (!json::ReadJson(text, options, &root, &error)) return JsonError(error, 0);
  JsonValue* service_array = nullptr;
  IAMEVAL_RETURN_IF_ERROR(BuildHeader(&root, &service_array));
  services.resize(service_array->items.size());
  pools.push_back(std::make_unique<catalog_internal::SpellingPool>());
  for (size_t i = 0; i < service_array->items.size(); ++i) {
    IAMEVAL_RETURN_IF_ERROR(BuildService(&service_array->items[i], i,
                                         &services[i], pools[0].get()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const Catalog>> Catalog::LoadFromString(
    absl::string_view text) {
  std::shared_ptr<Catalog> catalog(new Catalog());
  IAMEVAL_RETURN_IF_ERROR(catalog->impl_->Load(text));
  catalog->impl_->Index();
  return std::shared_ptr<const Catalog>(std::move(catalog));
}

absl::StatusOr<std::shared_ptr<const Catalog>> Catalog::LoadFromFile(
    absl::string_view path) {
  absl::StatusOr<std::string> text = io::ReadFile(path);
  if (!text.ok()) {
    return absl::Status(
        text.status().code(),
        absl::StrCat(text.status().message(),
                     " (the service reference; set IAMEVAL_DATA_DIR to the "
                     "folder holding iam-data/service_reference.json)"));
  }
  auto catalog = LoadFromString(*text);
  if (!catalog.ok()) {
    return absl::Status(catalog.status().code(),
                        absl::StrCat(path, ": ", catalog.status().message()));
  }
  return catalog;
}

namespace {

// The folder of a file, resolved to an absolute path without symbolic
// links (a library is often reached through libiameval.so -> .so.0.1.0).
std::string RealDirName(const std::string& file) {
  std::error_code ec;
  std::filesystem::path real = std::filesystem::canonical(file, ec);
  if (ec) return "";
  return real.parent_path().string();
}

// Where an installed copy of the data is, relative to the installed code
// that runs: the shared library (LIBDIR/../share/iameval), or the program
// the static library is linked into (BINDIR/../share/iameval, as for the
// `iameval` binary). A prefix moved or copied after `cmake --install`
// keeps finding its data, which the configured path alone would not.
std::vector<std::string> RelocatedDataDirs() {
  std::vector<std::string> dirs;
#ifdef IAMEVAL_LIBDIR_TO_DATADIR
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&Catalog::DefaultDataDir), &info) != 0 &&
      info.dli_fname != nullptr &&
      absl::StrContains(
          std::filesystem::path(info.dli_fname).filename().string(), ".so")) {
    std::string dir = RealDirName(info.dli_fname);
    if (!dir.empty()) {
      dirs.push_back(absl::StrCat(dir, "/", IAMEVAL_LIBDIR_TO_DATADIR));
    }
  }
#endif
#ifdef IAMEVAL_BINDIR_TO_DATADIR
  std::string dir = RealDirName("/proc/self/exe");
  if (!dir.empty()) {
    dirs.push_back(absl::StrCat(dir, "/", IAMEVAL_BINDIR_TO_DATADIR));
  }
#endif
  return dirs;
}

}  // namespace

std::string Catalog::DefaultDataDir() {
  const char* env = std::getenv("IAMEVAL_DATA_DIR");
  if (env != nullptr && env[0] != '\0') return env;
  auto has_data = [](const std::string& dir) {
    std::error_code ec;
    return std::filesystem::is_regular_file(
        dir + "/iam-data/service_reference.json", ec);
  };
  // Installed code first: a build tree has no share/iameval next to it,
  // and an installed copy must not read a source tree that happens to
  // still exist.
  for (const std::string& dir : RelocatedDataDirs()) {
    if (has_data(dir)) {
      return std::filesystem::path(dir).lexically_normal().string();
    }
  }
#ifdef IAMEVAL_DATA_DIR
  std::string source_tree = IAMEVAL_DATA_DIR;
#else
  // Without the CMake definition: the third_party/ folder of the source tree
  // this file was compiled from (__FILE__ is absolute under CMake).
  std::string source_tree = "third_party";
  absl::string_view file = __FILE__;
  absl::string_view suffix = "lib/catalog/catalog_load.cc";
  if (absl::EndsWith(file, suffix)) {
    file.remove_suffix(suffix.size());
    source_tree = absl::StrCat(file, "third_party");
  }
#endif
  if (has_data(source_tree)) return source_tree;
    // The configured install location, for a program outside the prefix
    // linked against the static library.
#ifdef IAMEVAL_INSTALLED_DATA_DIR
  if (has_data(IAMEVAL_INSTALLED_DATA_DIR)) return IAMEVAL_INSTALLED_DATA_DIR;
#endif
  return source_tree;
}

absl::StatusOr<std::shared_ptr<const Catalog>> Catalog::Default() {
  static const auto* const kDefault =
      new absl::StatusOr<std::shared_ptr<const Catalog>>(LoadFromFile(
          absl::StrCat(DefaultDataDir(), "/iam-data/service_reference.json")));
  return *kDefault;
}

}  // namespace iameval
