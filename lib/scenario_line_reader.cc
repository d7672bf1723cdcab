// ScenarioLineReader: request-only lines decoded in place; everything else
// through ParseScenario.
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "iameval/scenario.h"
#include "json/json_reader.h"

namespace iameval {
namespace {

// The JSON subset of request-only lines. Every method returns false for
// anything outside it; the caller then hands the whole line to the strict
// reader, which accepts or reports it. So this cursor never needs to
// produce an error message, only to be sure of what it accepts.
class SubsetCursor {
 public:
  explicit SubsetCursor(absl::string_view text)
      : p_(text.data()), end_(text.data() + text.size()) {}

  bool Consume(char c) {
    SkipSpace();
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool Peek(char c) {
    SkipSpace();
    return p_ < end_ && *p_ == c;
  }
  // A string of ASCII without escapes or control bytes, viewed in place.
  // Escapes and non-ASCII bytes (which need UTF-8 validation) are left to the
  // strict reader.
  bool String(absl::string_view* out) {
    SkipSpace();
    if (p_ >= end_ || *p_ != '"') return false;
    const char* start = ++p_;
    p_ += json::PlainAsciiRun(p_, end_ - p_);
    if (p_ >= end_ || *p_ != '"') return false;
    *out = absl::string_view(start, p_ - start);
    ++p_;
    return true;
  }
  bool AtEnd() {
    SkipSpace();
    return p_ == end_;
  }

 private:
  void SkipSpace() {
    while (p_ < end_ &&
           (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) {
      ++p_;
    }
  }

  const char* p_;
  const char* end_;
};

}  // namespace

absl::Status ScenarioLineReader::Read(absl::string_view line) {
  if (options_.shared_bundle != nullptr && ReadFast(line)) {
    fast_ = true;
    return absl::OkStatus();
  }
  fast_ = false;
  parsed_ = ParseScenario(line, options_);
  return parsed_.status;
}

bool ScenarioLineReader::ReadFast(absl::string_view line) {
  // Request-only lines nest four deep (line, request, context, list); a
  // caller's limit near that is left to the strict reader to apply.
  if (line.size() > options_.max_line_bytes || options_.max_depth < 8) {
    return false;
  }
  SubsetCursor c(line);
  RequestParts parts;
  absl::string_view id;
  bool have_id = false, have_request = false;
  builder_.Start();

  auto read_context = [&]() {
    if (!c.Consume('{')) return false;
    if (c.Consume('}')) return true;
    do {
      absl::string_view key, value;
      if (!c.String(&key) || !c.Consume(':')) return false;
      if (c.Consume('[')) {
        values_.clear();
        if (!c.Consume(']')) {
          do {
            if (!c.String(&value)) return false;
            values_.push_back(value);
          } while (c.Consume(','));
          if (!c.Consume(']')) return false;
        }
        // Keys are case-insensitive; a repeated one is an error the
        // strict path reports.
        if (!builder_.AddContextList(key, values_)) return false;
      } else {
        if (!c.String(&value)) return false;
        if (!builder_.AddContext(key, value)) return false;
      }
    } while (c.Consume(','));
    return c.Consume('}');
  };

  auto read_request = [&]() {
    if (!c.Consume('{')) return false;
    bool principal = false, action = false, resource = false;
    bool resource_account = false, issuer = false, session_name = false,
         has_context = false;
    auto once = [](bool* seen) { return !std::exchange(*seen, true); };
    do {
      absl::string_view key;
      if (!c.String(&key) || !c.Consume(':')) return false;
      bool ok;
      if (key == "principal") {
        ok = once(&principal) && c.String(&parts.principal);
      } else if (key == "action") {
        ok = once(&action) && c.String(&parts.action);
      } else if (key == "resource") {
        ok = once(&resource) && c.String(&parts.resource);
      } else if (key == "resourceAccount") {
        ok = once(&resource_account) && c.String(&parts.resource_account);
      } else if (key == "sessionIssuer") {
        ok = once(&issuer) && c.String(&parts.session_issuer);
      } else if (key == "sessionName") {
        ok = once(&session_name) && c.String(&parts.session_name);
      } else if (key == "context") {
        ok = once(&has_context) && read_context();
      } else {
        ok = false;
      }
      if (!ok) return false;
    } while (c.Consume(','));
    return c.Consume('}') && principal && action && resource;
  };

  if (!c.Consume('{')) return false;
  do {
    absl::string_view key;
    if (!c.String(&key) || !c.Consume(':')) return false;
    if (key == "id") {
      if (have_id || !c.String(&id)) return false;
      have_id = true;
    } else if (key == "request") {
      if (have_request || !read_request()) return false;
      have_request = true;
    } else {
      return false;
    }
  } while (c.Consume(','));
  if (!c.Consume('}') || !c.AtEnd() || !have_id || !have_request) {
    return false;
  }
  if (!builder_.Finish(parts).ok() ||
      !options_.shared_bundle->Validate(builder_.request().principal).ok()) {
    return false;
  }
  id_.assign(id.data(), id.size());
  return true;
}

}  // namespace iameval
