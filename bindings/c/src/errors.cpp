// The last-error state of each thread and the translation of exceptions into status codes.

#include <new>

#include "handles.hpp"

namespace {

struct LastError {
  fr_status status = FR_OK;
  std::string message;
  std::vector<fundrules::Diagnostic> diagnostics;
};

// thread_local: a host calling from many threads sees only its own thread's failures.
LastError& last_error() noexcept {
  static thread_local LastError state;
  return state;
}

const fundrules::Diagnostic* diagnostic_at(std::size_t index) noexcept {
  const auto& diagnostics = last_error().diagnostics;
  return index < diagnostics.size() ? &diagnostics[index] : nullptr;
}

std::string join_diagnostics(const std::vector<fundrules::Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& diagnostic : diagnostics) {
    if (!text.empty()) {
      text += '\n';
    }
    text += diagnostic.to_string();
  }
  return text;
}

}  // namespace

namespace fundrules::capi {

void set_error(fr_status status, std::string message, std::vector<Diagnostic> diagnostics,
               fr_session* session) {
  set_error(status, std::move(message), std::move(diagnostics),
            session != nullptr ? &session->last_error : nullptr);
}

void set_error(fr_status status, std::string message, std::vector<Diagnostic> diagnostics,
               std::string* handle_error) {
  if (handle_error != nullptr) {
    *handle_error = message;
  }
  LastError& state = last_error();
  state.status = status;
  state.message = std::move(message);
  state.diagnostics = std::move(diagnostics);
}

fr_status invalid_argument(const char* what, fr_session* session) {
  set_error(FR_ERROR_INVALID_ARGUMENT, std::string(what) + " must not be NULL", {}, session);
  return FR_ERROR_INVALID_ARGUMENT;
}

fr_status handle_exception(fr_session* session) noexcept {
  return handle_exception(session != nullptr ? &session->last_error : nullptr);
}

fr_status handle_exception(std::string* handle_error) noexcept {
  // Recording the error allocates; if even that fails, the status alone must get through.
  fr_status status = FR_ERROR_INTERNAL;
  try {
    try {
      throw;
    } catch (const RulesetError& e) {
      status = FR_ERROR_RULESET;
      std::string message = join_diagnostics(e.diagnostics());
      set_error(status, message.empty() ? e.what() : message, e.diagnostics(), handle_error);
    } catch (const DataError& e) {
      status = FR_ERROR_DATA;
      set_error(status, e.what(), {Diagnostic{e.where(), e.what(), "error"}}, handle_error);
    } catch (const ValueError& e) {
      status = FR_ERROR_VALUE;
      set_error(status, e.what(), {}, handle_error);
    } catch (const LimitError& e) {
      status = FR_ERROR_LIMIT;
      set_error(status, e.what(), {}, handle_error);
    } catch (const OverflowError& e) {
      status = FR_ERROR_OVERFLOW;
      set_error(status, e.what(), {}, handle_error);
    } catch (const std::bad_alloc&) {
      status = FR_ERROR_OUT_OF_MEMORY;
      set_error(status, "out of memory", {}, handle_error);
    } catch (const std::exception& e) {
      status = FR_ERROR_INTERNAL;
      set_error(status, e.what(), {}, handle_error);
    } catch (...) {
      status = FR_ERROR_INTERNAL;
      set_error(status, "unknown error", {}, handle_error);
    }
  } catch (...) {
    last_error().status = status;
  }
  return status;
}

}  // namespace fundrules::capi

extern "C" {

FR_API fr_status fr_last_error_status(void) { return last_error().status; }

FR_API const char* fr_last_error_message(void) { return last_error().message.c_str(); }

FR_API size_t fr_last_error_diagnostic_count(void) { return last_error().diagnostics.size(); }

FR_API const char* fr_last_error_diagnostic_file(size_t index) {
  const auto* diagnostic = diagnostic_at(index);
  return diagnostic != nullptr ? diagnostic->where.file.c_str() : "";
}

FR_API int fr_last_error_diagnostic_line(size_t index) {
  const auto* diagnostic = diagnostic_at(index);
  return diagnostic != nullptr ? diagnostic->where.line : 0;
}

FR_API int fr_last_error_diagnostic_column(size_t index) {
  const auto* diagnostic = diagnostic_at(index);
  return diagnostic != nullptr ? diagnostic->where.column : 0;
}

FR_API const char* fr_last_error_diagnostic_message(size_t index) {
  const auto* diagnostic = diagnostic_at(index);
  return diagnostic != nullptr ? diagnostic->message.c_str() : "";
}

FR_API const char* fr_last_error_diagnostic_severity(size_t index) {
  const auto* diagnostic = diagnostic_at(index);
  return diagnostic != nullptr ? diagnostic->severity.c_str() : "";
}

}  // extern "C"
