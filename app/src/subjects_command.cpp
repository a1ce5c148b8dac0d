#include "subjects_command.hpp"

#include <cctype>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli_checks.hpp"
#include "exit_codes.hpp"
#include "stridecue/core/printable.hpp"
#include "stridecue/session/subjects.hpp"

namespace stridecue::app {

namespace {

using session::Subject;
using session::SubjectLimits;

/// The values `add` and `edit` take; each subcommand has its own (a given option is counted).
struct ValueOptions {
  std::string id;
  double mass_kg = 0, height_m = 0, leg_m = 0;
  std::string side, complaint, notes;
  CLI::Option *mass = nullptr, *height = nullptr, *leg = nullptr, *side_opt = nullptr,
              *complaint_opt = nullptr, *notes_opt = nullptr;
};

struct IdOptions {
  std::string id;
  bool yes = false;
};

std::string metres(const std::optional<double>& v) {
  if (!v) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f m", *v);
  return buf;
}

std::string kilograms(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f kg", v);
  return buf;
}

/// A text for a line of the terminal: control characters escaped, tabs as spaces.
std::string shown(std::string text, std::size_t max_chars) {
  for (char& c : text) {
    if (c == '\t') c = ' ';
  }
  return printable(text, max_chars);
}

void add_value_options(CLI::App* cmd, ValueOptions& o, bool mass_required) {
  cmd->add_option("id", o.id, "Subject id: a pseudonym of 1-32 letters, digits, '-' or '_'")
      ->required();
  o.mass = cmd->add_option("--mass", o.mass_kg, "Body mass in kg")
               ->check(finite_range(SubjectLimits::kMassMinKg, SubjectLimits::kMassMaxKg));
  if (mass_required) o.mass->required();
  o.height = cmd->add_option("--height", o.height_m, "Height in m")
                 ->check(finite_range(SubjectLimits::kHeightMinM, SubjectLimits::kHeightMaxM));
  o.leg = cmd->add_option("--leg", o.leg_m, "Leg length in m")
              ->check(finite_range(SubjectLimits::kLegMinM, SubjectLimits::kLegMaxM));
  o.side_opt =
      cmd->add_option("--side", o.side, "Injured or painful side: left, right, both or none");
  o.complaint_opt = cmd->add_option("--complaint", o.complaint,
                                    "The complaint, one line of at most 200 characters");
  o.notes_opt = cmd->add_option("--notes", o.notes, "Notes, at most 4000 characters");
}

int add_subject(const ValueOptions& o) {
  session::SubjectStore store;
  Subject s;
  s.id = o.id;
  s.body_mass_kg = o.mass_kg;
  if (o.height->count() > 0) s.height_m = o.height_m;
  if (o.leg->count() > 0) s.leg_length_m = o.leg_m;
  if (o.side_opt->count() > 0) s.affected_side = session::parse_affected_side(o.side);
  s.complaint = o.complaint;
  s.notes = o.notes;
  s = store.add(s);
  std::printf("Added subject %s (%s) to %s\n", s.id.c_str(), kilograms(s.body_mass_kg).c_str(),
              store.file().c_str());
  return kExitOk;
}

int edit_subject(const ValueOptions& o) {
  session::SubjectStore store;
  session::SubjectEdit e;
  if (o.mass->count() > 0) e.body_mass_kg = o.mass_kg;
  if (o.height->count() > 0) e.height_m = o.height_m;
  if (o.leg->count() > 0) e.leg_length_m = o.leg_m;
  if (o.side_opt->count() > 0) e.affected_side = session::parse_affected_side(o.side);
  if (o.complaint_opt->count() > 0) e.complaint = o.complaint;
  if (o.notes_opt->count() > 0) e.notes = o.notes;
  if (e.empty()) {
    // Checked here as well as in the store, to name the options.
    std::fprintf(stderr,
                 "nothing to change for subject %s: give --mass, --height, --leg, --side, "
                 "--complaint or --notes\n",
                 printable(o.id).c_str());
    return kExitRefused;
  }
  const Subject before = store.get(o.id);
  const Subject s = store.edit(o.id, e);
  std::string changed;
  const auto note = [&](const char* what, const std::string& from, const std::string& to) {
    if (from != to)
      changed += (changed.empty() ? "" : ", ") + std::string(what) + " " + from + " → " + to;
  };
  note("body mass", kilograms(before.body_mass_kg), kilograms(s.body_mass_kg));
  note("height", metres(before.height_m), metres(s.height_m));
  note("leg length", metres(before.leg_length_m), metres(s.leg_length_m));
  note("side", std::string(session::affected_side_name(before.affected_side)),
       std::string(session::affected_side_name(s.affected_side)));
  if (before.complaint != s.complaint)
    changed += (changed.empty() ? "" : ", ") + std::string("complaint");
  if (before.notes != s.notes) changed += (changed.empty() ? "" : ", ") + std::string("notes");
  std::printf("Changed subject %s: %s\n", s.id.c_str(),
              changed.empty() ? "(the values given are the ones it had)" : changed.c_str());
  return kExitOk;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

int list_subjects() {
  const session::SubjectStore store;
  const auto subjects = store.list();
  if (subjects.empty()) {
    std::printf("No subjects in %s. Add one: stridecue subjects add P-017 --mass 64\n",
                store.file().c_str());
    return kExitOk;
  }
  // Sessions per subject, ids compared regardless of case as the store does.
  std::map<std::string, std::size_t> sessions;
  for (const auto& e : store.library().list()) {
    if (e.problem.empty() && !e.summary.meta.subject.empty()) {
      ++sessions[lower(e.summary.meta.subject)];
    }
  }
  std::printf("%-16s  %8s  %7s  %7s  %-5s  %8s  %s\n", "id", "mass", "height", "leg", "side",
              "sessions", "complaint");
  for (const auto& s : subjects) {
    const auto n = sessions.find(lower(s.id));
    std::printf("%-16s  %8s  %7s  %7s  %-5s  %8zu  %s\n", s.id.c_str(),
                kilograms(s.body_mass_kg).c_str(), metres(s.height_m).c_str(),
                metres(s.leg_length_m).c_str(),
                std::string(session::affected_side_name(s.affected_side)).c_str(),
                n == sessions.end() ? std::size_t{0} : n->second,
                s.complaint.empty() ? "-" : shown(s.complaint, 60).c_str());
  }
  return kExitOk;
}

/// Prints `text` indented, cut into lines of at most `width` characters (at a space when there
/// is one), so a long note stays readable in a terminal.
void print_wrapped(const std::string& text, const char* indent, std::size_t width) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    do {
      // Cut at `width` characters (UTF-8 continuation bytes are not characters).
      std::size_t bytes = 0, chars = 0, last_space = 0;
      while (bytes < line.size() && chars < width) {
        if (line[bytes] == ' ') last_space = bytes;
        ++bytes;
        while (bytes < line.size() && (static_cast<unsigned char>(line[bytes]) & 0xC0) == 0x80) {
          ++bytes;
        }
        ++chars;
      }
      if (bytes < line.size() && last_space > 0) bytes = last_space + 1;
      std::printf("%s%s\n", indent, shown(std::string(line.substr(0, bytes)), width).c_str());
      line.remove_prefix(bytes);
    } while (!line.empty());
    start = end + 1;
  }
}

int show_subject(const IdOptions& o) {
  const session::SubjectStore store;
  const Subject s = store.get(o.id);
  std::printf("Subject %s\n", s.id.c_str());
  std::printf("  body mass      %s\n", kilograms(s.body_mass_kg).c_str());
  std::printf("  height         %s\n", metres(s.height_m).c_str());
  std::printf("  leg length     %s\n", metres(s.leg_length_m).c_str());
  std::printf("  affected side  %s\n",
              std::string(session::affected_side_name(s.affected_side)).c_str());
  std::printf("  complaint      %s\n", s.complaint.empty() ? "-" : shown(s.complaint, 200).c_str());
  if (s.notes.empty()) {
    std::printf("  notes          -\n");
  } else {
    std::printf("  notes\n");
    print_wrapped(s.notes, "    ", 96);
  }
  std::printf("  added          %s, changed %s\n", s.created_utc.c_str(), s.updated_utc.c_str());
  const auto sessions = store.sessions_of(s.id);
  if (sessions.empty()) {
    std::printf("  sessions       none\n");
    return kExitOk;
  }
  std::printf("  sessions       %zu\n", sessions.size());
  std::printf("    %-8s  %-20s  %-20s  %6s\n", "id", "started (UTC)", "protocol", "steps");
  for (const auto& e : sessions) {
    const auto& m = e.summary.meta;
    std::printf("    %-8s  %-20s  %-20s  %6llu%s\n", m.id.substr(0, 8).c_str(),
                m.started_utc.c_str(), m.protocol.empty() ? "-" : shown(m.protocol, 20).c_str(),
                static_cast<unsigned long long>(e.summary.steps),
                m.ended_utc.empty() ? "  (not closed)" : "");
  }
  return kExitOk;
}

void print_unreadable(const std::vector<session::SessionLibrary::Entry>& unreadable) {
  if (unreadable.empty()) return;
  std::printf(
      "%zu session file%s could not be read, so whose subject is unknown, %s left in place; "
      "check %s and delete with `stridecue sessions delete FILE --yes`:\n",
      unreadable.size(), unreadable.size() == 1 ? "" : "s", unreadable.size() == 1 ? "is" : "are",
      unreadable.size() == 1 ? "it" : "them");
  for (const auto& e : unreadable) std::printf("  %s\n", shown(e.problem, 300).c_str());
}

int erase_subject(const IdOptions& o) {
  session::SubjectStore store;
  if (!o.yes) {
    const auto subject = store.find(o.id);
    const auto sessions = store.sessions_of(o.id);
    if (!subject && sessions.empty()) (void)store.get(o.id);  // unknown: named, with a suggestion
    const std::string n =
        std::to_string(sessions.size()) + " session" + (sessions.size() == 1 ? "" : "s");
    const std::string what =
        subject ? "subject " + subject->id + " and " + n + " of theirs"
                : "no subject record " + printable(o.id) + ", but " + n + " naming it";
    std::fprintf(stderr,
                 "%s would be erased for good (a patient's right to erasure); add --yes to erase "
                 "them\n",
                 what.c_str());
    return kExitRefused;
  }
  const auto erased = store.erase(o.id);
  for (const auto& f : erased.sessions) std::printf("Erased session %s\n", f.c_str());
  if (erased.subject) {
    std::printf("Erased subject %s and %zu session%s of theirs.\n", erased.subject->id.c_str(),
                erased.sessions.size(), erased.sessions.size() == 1 ? "" : "s");
  } else {
    std::printf("No subject record %s; erased the %zu session%s naming it.\n", o.id.c_str(),
                erased.sessions.size(), erased.sessions.size() == 1 ? "" : "s");
  }
  print_unreadable(erased.unreadable);
  return kExitOk;
}

/// Runs a subcommand, its exit status through CLI11 as the sessions command does.
template <class F>
std::function<void()> run(F f) {
  return [f] {
    if (const int rc = f(); rc != 0) throw CLI::RuntimeError(rc);
  };
}

}  // namespace

void add_subjects_command(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand(
      "subjects",
      "The subjects of the sessions: add, edit, list, show, erase (with their sessions)");
  cmd->require_subcommand(1);

  auto add_o = std::make_shared<ValueOptions>();
  CLI::App* add = cmd->add_subcommand("add", "Add a subject (a pseudonym, never a name)");
  add_value_options(add, *add_o, true);
  add->callback(run([add_o] { return add_subject(*add_o); }));

  auto edit_o = std::make_shared<ValueOptions>();
  CLI::App* edit = cmd->add_subcommand("edit", "Change the given values of a subject");
  add_value_options(edit, *edit_o, false);
  edit->callback(run([edit_o] { return edit_subject(*edit_o); }));

  CLI::App* list = cmd->add_subcommand("list", "List the subjects, with their number of sessions");
  list->callback(run([] { return list_subjects(); }));

  auto id_o = std::make_shared<IdOptions>();
  CLI::App* show = cmd->add_subcommand("show", "One subject and their sessions");
  show->add_option("id", id_o->id, "Subject id")->required();
  show->callback(run([id_o] { return show_subject(*id_o); }));

  CLI::App* erase = cmd->add_subcommand(
      "erase", "Erase a subject and every session of theirs (a patient's right to erasure)");
  erase->add_option("id", id_o->id, "Subject id")->required();
  erase->add_flag("--yes", id_o->yes, "Yes, erase the subject and their sessions for good");
  erase->callback(run([id_o] { return erase_subject(*id_o); }));
}

}  // namespace stridecue::app
