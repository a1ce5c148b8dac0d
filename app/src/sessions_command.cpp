#include "sessions_command.hpp"

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "stridecue/processing/side_means.hpp"
#include "stridecue/session/library.hpp"
#include "stridecue/session/reader.hpp"

namespace stridecue::app {

namespace {

struct SessionsOptions {
  std::string subject, protocol, since;
  std::string id;
  bool yes = false;
};

double seconds(TimeNs a, TimeNs b) {
  return ns_to_s(b - a);
}

int list_sessions(const SessionsOptions& o) {
  const session::SessionLibrary library;
  const auto entries = library.list();
  int shown = 0;
  for (const auto& e : entries) {
    const auto& m = e.summary.meta;
    if (!e.problem.empty()) {
      std::printf("%-10s %s\n", "(damaged)", e.problem.c_str());
      continue;
    }
    if (!o.subject.empty() && m.subject != o.subject) continue;
    if (!o.protocol.empty() && m.protocol != o.protocol) continue;
    if (!o.since.empty() && m.started_utc < o.since) continue;
    if (shown++ == 0) {
      std::printf("%-8s  %-20s  %-7s  %-16s  %-12s  %-18s  %7s  %5s  %4s\n", "id", "started (UTC)",
                  "kind", "station", "subject", "protocol", "min", "steps", "cues");
    }
    std::printf("%-8s  %-20s  %-7s  %-16s  %-12s  %-18s  %7.1f  %5llu  %4llu%s\n",
                m.id.substr(0, 8).c_str(), m.started_utc.c_str(), m.kind.c_str(),
                m.station.substr(0, 16).c_str(), m.subject.empty() ? "-" : m.subject.c_str(),
                m.protocol.empty() ? "-" : m.protocol.c_str(),
                seconds(e.summary.t_first_ns, e.summary.t_last_ns) / 60.0,
                static_cast<unsigned long long>(e.summary.steps),
                static_cast<unsigned long long>(e.summary.cues),
                m.ended_utc.empty() ? "  (not closed: the recording was cut)" : "");
  }
  if (shown == 0) {
    std::printf("No sessions%s in %s.\n", entries.empty() ? "" : " match",
                library.sessions_dir().c_str());
  }
  return 0;
}

/// Per-side means of the key metrics over the steps between two times.
void print_block_metrics(const std::vector<processing::StepResult>& steps, TimeNs from, TimeNs to) {
  processing::SideMeans contact, peak, drop, tilt;
  std::size_t n = 0;
  for (const auto& s : steps) {
    if (s.t_ic_ns < from || (to >= 0 && s.t_ic_ns >= to)) continue;
    ++n;
    contact.add(s.side, s.contact_ms);
    peak.add(s.side, s.peak_vgrf_bw);
    drop.add(s.side, s.pelvis.pelvic_drop_deg);
    tilt.add(s.side, s.pelvis.tilt_mean_deg);
  }
  std::printf("      %zu steps", n);
  if (contact.both_sides()) {
    std::printf("; contact L %.0f R %.0f ms (SI %+.1f %%); peak L %.2f R %.2f BW (SI %+.1f %%)",
                contact.left(), contact.right(), contact.si_pct(), peak.left(), peak.right(),
                peak.si_pct());
  }
  if (drop.both_sides()) {
    std::printf("; pelvic drop L %.1f R %.1f deg; tilt L %.1f R %.1f deg", drop.left(),
                drop.right(), tilt.left(), tilt.right());
  }
  std::printf("\n");
}

int show_session(const SessionsOptions& o) {
  const session::SessionLibrary library;
  const auto file = library.find(o.id);
  const session::SessionReader reader(file);
  const session::SessionSummary s = reader.summary();
  const auto& m = s.meta;
  std::printf("Session %s\n  file      %s\n", m.id.c_str(), file.c_str());
  std::printf("  station   %s (%s, %s)\n", m.station.c_str(), m.kind.c_str(), m.software.c_str());
  std::printf("  started   %s, ended %s\n", m.started_utc.c_str(),
              m.ended_utc.empty() ? "(not closed: the recording was cut; everything up to the "
                                    "last commit is here)"
                                  : m.ended_utc.c_str());
  std::printf("  subject   %s, protocol %s\n", m.subject.empty() ? "-" : m.subject.c_str(),
              m.protocol.empty() ? "-" : m.protocol.c_str());
  std::printf(
      "  data      %.1f s, %llu samples in %llu chunks; %llu steps, %llu cues, %llu "
      "requests, %llu marks, %llu alarms; %llu samples lost\n",
      seconds(s.t_first_ns, s.t_last_ns), static_cast<unsigned long long>(s.items),
      static_cast<unsigned long long>(s.chunks), static_cast<unsigned long long>(s.steps),
      static_cast<unsigned long long>(s.cues), static_cast<unsigned long long>(s.requests),
      static_cast<unsigned long long>(s.markers), static_cast<unsigned long long>(s.alarms),
      static_cast<unsigned long long>(s.samples_lost));
  const auto steps = reader.steps();
  const auto adherence = reader.final_adherence();
  // How often the runner met each rule's target in a block (docs/cues.md, "Adherence").
  const auto print_adherence = [&adherence](int block) {
    for (const auto& a : adherence) {
      if (a.block != block) continue;
      std::string success = "never back inside after a cue";
      if (a.cues == 0) {
        success = "never cued";
      } else if (a.first_success_ns >= 0) {
        char text[64];
        std::snprintf(text, sizeof text, "back inside %.1f s after the first cue",
                      static_cast<double>(a.first_success_ns - a.first_cue_ns) / 1e9);
        success = text;
      }
      std::printf(
          "      cue rule %s (%s): inside the target on %s of %llu steps; %llu cues, %llu "
          "praise, %llu withheld; %s\n",
          a.rule.c_str(), a.metric.c_str(),
          a.judged ? (std::to_string(static_cast<int>(std::lround(
                          100.0 * static_cast<double>(a.inside) / static_cast<double>(a.judged)))) +
                      " %")
                         .c_str()
                   : "-",
          static_cast<unsigned long long>(a.judged), static_cast<unsigned long long>(a.cues),
          static_cast<unsigned long long>(a.praises), static_cast<unsigned long long>(a.withheld),
          success.c_str());
    }
  };
  if (s.blocks.empty()) {
    std::printf("  whole session (no protocol blocks)\n");
    print_block_metrics(steps, INT64_MIN, -1);
    print_adherence(-1);
  } else {
    std::printf("  blocks\n");
    for (const auto& b : s.blocks) {
      std::printf("    %d %-12s %-22s %7.1f s .. %s%s\n", b.index + 1, b.kind.c_str(),
                  b.name.c_str(), seconds(s.t_first_ns, b.t_start_ns),
                  b.t_end_ns < 0
                      ? "(open)"
                      : (std::to_string(static_cast<int>(seconds(s.t_first_ns, b.t_end_ns))) + " s")
                            .c_str(),
                  b.why_ended.empty() ? "" : (" (" + b.why_ended + ")").c_str());
      print_block_metrics(steps, b.t_start_ns, b.t_end_ns);
      print_adherence(b.index);
    }
  }
  if (!s.health.empty()) {
    std::printf("  devices (last health record)\n");
    for (const auto& h : s.health) {
      std::printf(
          "    %-8s %-12s frames %llu, CRC errors %llu, counter gaps %llu, lost samples "
          "%llu, reconnects %llu\n",
          h.name.c_str(), h.state.c_str(), static_cast<unsigned long long>(h.frames),
          static_cast<unsigned long long>(h.crc_errors),
          static_cast<unsigned long long>(h.counter_gaps),
          static_cast<unsigned long long>(h.lost_samples),
          static_cast<unsigned long long>(h.reconnects));
      if (!h.identity.empty()) std::printf("             %s\n", h.identity.c_str());
    }
  }
  const auto gaps = reader.gaps();
  for (std::size_t i = 0; i < gaps.size() && i < 10; ++i) {
    const auto& g = gaps[i];
    std::printf("  gap %6.1f s  %s%s: %llu lost\n", seconds(s.t_first_ns, g.t_ns), g.reason.c_str(),
                g.device < 0 ? "" : (" on device " + std::to_string(g.device)).c_str(),
                static_cast<unsigned long long>(g.lost));
  }
  if (gaps.size() > 10) std::printf("  … and %zu more gaps\n", gaps.size() - 10);
  const auto cues = reader.cues();
  for (std::size_t i = 0; i < cues.size() && i < 10; ++i) {
    const auto& c = cues[i];
    std::printf("  %s %6.1f s  \"%s\" (%s%s %+.1f%s%s)\n", c.kind == "praise" ? "praise" : "cue   ",
                seconds(s.t_first_ns, c.t_ns), c.text.c_str(),
                c.rule.empty() ? "" : (c.rule + ": ").c_str(), c.metric.c_str(), c.value,
                c.side.empty() || c.side == "?" ? "" : ", ",
                c.side.empty() || c.side == "?" ? "" : (c.side + " side").c_str());
  }
  if (cues.size() > 10) std::printf("  … and %zu more cues\n", cues.size() - 10);
  std::printf("  replay: stridecue live --replay %s --headless [--speed 0] [--station FILE]\n",
              m.id.substr(0, 8).c_str());
  return 0;
}

int delete_session(const SessionsOptions& o) {
  const session::SessionLibrary library;
  const auto file = library.find(o.id);
  if (!o.yes) {
    std::fprintf(stderr, "%s: a session is a clinical record; add --yes to delete it\n",
                 file.c_str());
    return 1;
  }
  library.remove(file);
  std::printf("Deleted %s\n", file.c_str());
  return 0;
}

}  // namespace

void add_sessions_command(CLI::App& app) {
  auto o = std::make_shared<SessionsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sessions", "The recorded sessions in your data directory: list, show, delete");
  cmd->require_subcommand(1);
  CLI::App* list = cmd->add_subcommand("list", "List sessions, newest first");
  list->add_option("--subject", o->subject, "Only this subject's sessions");
  list->add_option("--protocol", o->protocol, "Only sessions run with this protocol");
  list->add_option("--since", o->since, "Only sessions started on or after this date (YYYY-MM-DD)");
  list->callback([o] {
    if (const int rc = list_sessions(*o); rc != 0) throw CLI::RuntimeError(rc);
  });
  CLI::App* show = cmd->add_subcommand(
      "show", "One session: blocks, steps, key metrics per block, device health, cues");
  show->add_option("id", o->id, "Session id (its first characters do), file, or latest")
      ->required();
  show->callback([o] {
    if (const int rc = show_session(*o); rc != 0) throw CLI::RuntimeError(rc);
  });
  CLI::App* del = cmd->add_subcommand("delete", "Delete a session file");
  del->add_option("id", o->id, "Session id (its first characters do), file, or latest")->required();
  del->add_flag("--yes", o->yes, "Yes, delete it");
  del->callback([o] {
    if (const int rc = delete_session(*o); rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace stridecue::app
