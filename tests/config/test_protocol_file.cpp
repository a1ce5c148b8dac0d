// Protocol files: the shipped protocols load with the blocks they promise; every mistake is
// refused at its line with the setting and the fix, all of a file's mistakes at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include "stridecue/config/protocol.hpp"

using namespace stridecue;
using namespace stridecue::config;
namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(STRIDECUE_SOURCE_DIR) / "config" / "protocols";

std::string error_of(const std::string& yaml) {
  try {
    parse_protocol(yaml, "p.yaml");
  } catch (const ProtocolFileError& e) {
    return e.what();
  }
  return "(no error)";
}

/// `error` holds `want`; on failure, shows both.
void expect_has(const std::string& error, const std::string& want) {
  EXPECT_NE(error.find(want), std::string::npos) << "want: " << want << "\ngot:  " << error;
}

std::vector<BlockKind> kinds(const Protocol& p) {
  std::vector<BlockKind> out;
  for (const auto& b : p.blocks) out.push_back(b.kind);
  return out;
}

using K = BlockKind;

}  // namespace

TEST(ProtocolFile, ShippedProtocolsAreListedAndFoundByName) {
  const auto names = list_protocols(kDir);
  for (const char* want : {"clinic-assessment", "clinic-retraining", "coach-drill", "demo"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
    const Protocol p = load_protocol(find_protocol(want, kDir));
    EXPECT_EQ(p.name, want);
    EXPECT_FALSE(p.description.empty()) << want;
    for (const auto& b : p.blocks) {
      EXPECT_FALSE(b.name.empty()) << want;
      EXPECT_FALSE(b.instruction.empty()) << want << " " << b.name;
      EXPECT_GT(b.line, 0);
    }
  }
  EXPECT_EQ(find_protocol("demo.yaml", kDir), kDir / "demo.yaml");
  EXPECT_EQ(find_protocol((kDir / "demo.yaml").string(), kDir), kDir / "demo.yaml");
  // The default directory is the source tree's (STRIDECUE_CONFIG_DIR unset in tests).
  if (std::getenv("STRIDECUE_CONFIG_DIR") == nullptr) {
    EXPECT_EQ(fs::weakly_canonical(default_protocol_dir()), fs::weakly_canonical(kDir));
  }
}

TEST(ProtocolFile, ClinicAssessmentHasItsBlocks) {
  const Protocol p = load_protocol(kDir / "clinic-assessment.yaml");
  EXPECT_EQ(kinds(p), (std::vector{K::kTare, K::kStatic, K::kWarmup, K::kBaseline, K::kFree}));
  EXPECT_EQ(p.blocks[0].duration_ns, 3 * kNsPerS);
  EXPECT_EQ(p.blocks[0].name, "Plate zero");  // from the kind
  EXPECT_EQ(p.blocks[0].speed_kmh, 0.0);
  EXPECT_EQ(p.blocks[1].duration_ns, 8 * kNsPerS);
  EXPECT_FALSE(p.blocks[2].duration_ns);  // until: next
  EXPECT_EQ(p.blocks[3].duration_ns, 120 * kNsPerS);
  EXPECT_EQ(p.blocks[4].name, "Steadiness check");
  for (const auto& b : p.blocks) EXPECT_EQ(b.cue_preset, "") << "no cue in an assessment";
  EXPECT_EQ(p.source, "clinic-assessment.yaml");
}

TEST(ProtocolFile, ClinicRetrainingHasItsBlocks) {
  const Protocol p = load_protocol(kDir / "clinic-retraining.yaml");
  EXPECT_EQ(kinds(p), (std::vector{K::kTare, K::kStatic, K::kWarmup, K::kBaseline, K::kRetraining,
                                   K::kPostTest}));
  EXPECT_EQ(p.blocks[4].cue_preset, "level-hips");
  EXPECT_EQ(p.blocks[4].duration_ns, 600 * kNsPerS);
  EXPECT_EQ(p.blocks[5].duration_ns, p.blocks[3].duration_ns) << "post-test measured like baseline";
  EXPECT_EQ(p.blocks[5].speed_kmh, p.blocks[3].speed_kmh);
}

TEST(ProtocolFile, CoachDrillHasItsBlocks) {
  const Protocol p = load_protocol(kDir / "coach-drill.yaml");
  EXPECT_EQ(kinds(p),
            (std::vector{K::kTare, K::kStatic, K::kWarmup, K::kBaseline, K::kRetraining, K::kFree,
                         K::kRetraining, K::kFree, K::kRetraining, K::kPostTest}));
  EXPECT_EQ(p.blocks[6].name, "Cued effort 2");
  EXPECT_EQ(p.blocks[6].speed_kmh, 11.0);
}

TEST(ProtocolFile, DemoIsShortStandingBaselineThenRetrainingUntilTheEnd) {
  const Protocol p = load_protocol(kDir / "demo.yaml");
  ASSERT_EQ(kinds(p), (std::vector{K::kStatic, K::kBaseline, K::kRetraining}));
  EXPECT_EQ(p.blocks[0].duration_ns, 6 * kNsPerS);
  EXPECT_EQ(p.blocks[1].duration_ns, 20 * kNsPerS);
  EXPECT_FALSE(p.blocks[2].duration_ns);
}

TEST(ProtocolFile, EveryKeyIsRead) {
  const Protocol p = parse_protocol(
      "name: my drill\n"
      "description: |\n  two lines\n  of text\n"
      "blocks:\n"
      "  - kind: retraining\n"
      "    name: Short strides\n"
      "    duration_s: 90.5\n"
      "    speed_kmh: 12.5\n"
      "    instruction: \"Quick feet: 180 steps a minute — don't overstride\"\n"
      "    cue_preset: cadence-high_2\n",
      "drill.yaml");
  EXPECT_EQ(p.name, "my drill");
  EXPECT_EQ(p.description, "two lines\nof text\n");
  ASSERT_EQ(p.blocks.size(), 1u);
  const ProtocolBlock& b = p.blocks[0];
  EXPECT_EQ(b.kind, K::kRetraining);
  EXPECT_EQ(b.name, "Short strides");
  EXPECT_EQ(b.duration_ns, 90'500'000'000);
  EXPECT_EQ(b.speed_kmh, 12.5);
  EXPECT_EQ(b.instruction, "Quick feet: 180 steps a minute — don't overstride");
  EXPECT_EQ(b.cue_preset, "cadence-high_2");
  EXPECT_EQ(b.line, 6);
  // Without name: the file's stem.
  EXPECT_EQ(parse_protocol("blocks: [{kind: free, until: next}]", "long-run.yaml").name,
            "long-run");
}

TEST(ProtocolFile, EveryKindHasItsWordAndDefaultName) {
  for (std::size_t i = 0; i < kBlockKindNames.size(); ++i) {
    const auto kind = static_cast<BlockKind>(i);
    EXPECT_EQ(block_kind_from_name(block_kind_name(kind)), kind);
    EXPECT_FALSE(default_block_name(kind).empty());
  }
  EXPECT_FALSE(block_kind_from_name("Baseline"));
}

TEST(ProtocolFile, UnknownKindIsRefusedWithASuggestion) {
  const std::string e = error_of("blocks:\n  - kind: baseine\n    duration_s: 60\n");
  expect_has(e,
             "p.yaml:2:11: blocks[0].kind: 'baseine' is not a block kind; did you mean "
             "baseline? (kinds: tare, static, warmup, baseline, retraining, post_test, free)");
  expect_has(error_of("blocks:\n  - {kind: post-test, duration_s: 60}\n"),
             "did you mean post_test?");
  expect_has(error_of("blocks:\n  - {duration_s: 60}\n"), "p.yaml:2:5: blocks[0]: give kind (tare");
}

TEST(ProtocolFile, MissingDurationIsRefusedAtTheBlock) {
  expect_has(error_of("blocks:\n  - kind: warmup\n    speed_kmh: 8\n"),
             "p.yaml:2:5: blocks[0]: give duration_s (1 .. 14400 s) or `until: next`");
  expect_has(error_of("blocks:\n  - kind: tare\n"),
             "p.yaml:2:5: blocks[0]: give duration_s (1 .. 60 s): the plates are zeroed");
  // A tare or static block cannot wait for the clinician: its action needs a window.
  expect_has(error_of("blocks:\n  - kind: static\n    until: next\n"),
             "p.yaml:3:12: blocks[0].until: a static block needs duration_s (1 .. 60 s)");
  expect_has(error_of("blocks:\n  - {kind: free, duration_s: 60, until: next}\n"),
             "blocks[0].until: give either duration_s or `until: next`, not both");
}

TEST(ProtocolFile, BadDurationsAreRefusedAtTheirLine) {
  const auto dur = [](const std::string& kind, const std::string& v) {
    return error_of("name: x\nblocks:\n  - kind: " + kind + "\n    duration_s: " + v + "\n");
  };
  expect_has(dur("warmup", "nan"),
             "p.yaml:4:17: blocks[0].duration_s: 'nan' is not a finite number");
  expect_has(dur("warmup", "inf"), "p.yaml:4:17: blocks[0].duration_s: 'inf' is not a finite");
  // A bad duration is one mistake, not also "give duration_s".
  EXPECT_EQ(dur("warmup", "nan").find("give duration_s"), std::string::npos);
  expect_has(dur("warmup", "-5"),
             "p.yaml:4:17: blocks[0].duration_s: '-5' is out of range; use 1 .. 14400 s for a "
             "warmup block");
  expect_has(dur("free", "1e9"), "p.yaml:4:17: blocks[0].duration_s: '1e9' is out of range");
  expect_has(dur("retraining", "ten"), "blocks[0].duration_s: 'ten' is not a number");
  expect_has(dur("tare", "61"),
             "blocks[0].duration_s: '61' is out of range; use 1 .. 60 s for a "
             "tare block");
  expect_has(dur("static", "0.5"), "'0.5' is out of range; use 1 .. 60 s for a static block");
  expect_has(dur("baseline", "4"), "'4' is out of range; use 5 .. 3600 s for a baseline block");
  EXPECT_EQ(dur("baseline", "5"), "(no error)");
  EXPECT_EQ(dur("static", "60"), "(no error)");
}

TEST(ProtocolFile, UntilSomethingElseIsRefused) {
  expect_has(error_of("blocks:\n  - kind: warmup\n    until: done\n"),
             "p.yaml:3:12: blocks[0].until: 'done' is not understood; write `until: next`");
  expect_has(error_of("blocks:\n  - kind: warmup\n    until: [next]\n"),
             "p.yaml:3:12: blocks[0].until: expected a word");
}

TEST(ProtocolFile, AKeyTwiceIsRefused) {
  expect_has(error_of("blocks:\n  - kind: warmup\n    duration_s: 60\n    duration_s: 90\n"),
             "p.yaml:4:5: blocks[0].duration_s: written twice (first on line 3); keep one");
  expect_has(error_of("name: a\nname: b\nblocks: [{kind: free, until: next}]\n"),
             "p.yaml:2:1: name: written twice");
}

TEST(ProtocolFile, EmptyOrMissingBlocksAreRefused) {
  expect_has(error_of("name: x\nblocks: []\n"), "p.yaml:2:9: blocks: expected a list of blocks");
  expect_has(error_of("name: x\nblocks:\n"), "p.yaml:2:1: blocks: expected a list of blocks");
  expect_has(error_of("name: x\n"), "blocks: a protocol needs at least one block");
  expect_has(error_of(""), "p.yaml: (top level): expected name:, description:, blocks:");
  expect_has(error_of("- kind: tare\n"), "p.yaml:1:1: (top level)");
  expect_has(error_of("blocks:\n  - warmup\n"),
             "p.yaml:2:5: blocks[0]: expected a mapping of settings");
  std::string many = "blocks:\n";
  for (int i = 0; i < 65; ++i) many += "  - {kind: free, duration_s: 10}\n";
  expect_has(error_of(many), "blocks: 65 blocks; at most 64");
}

TEST(ProtocolFile, InstructionsAreOneShortLine) {
  const std::string long_one(121, 'a');
  expect_has(error_of("blocks:\n  - {kind: free, until: next, instruction: " + long_one + "}\n"),
             "blocks[0].instruction: '" + std::string(40, 'a') +
                 "… (121 bytes)' is 121 characters; at most 120");
  // 120 characters of two bytes each are fine: characters are counted, not bytes.
  std::string accents;
  for (int i = 0; i < 120; ++i) accents += "é";
  EXPECT_EQ(error_of("blocks:\n  - {kind: free, until: next, instruction: " + accents + "}\n"),
            "(no error)");
  expect_has(error_of("blocks:\n  - kind: free\n    until: next\n    instruction: |\n"
                      "      Run tall\n      and relax\n"),
             "p.yaml:4:18: blocks[0].instruction: 'Run tall\\x0Aand relax\\x0A' runs over several "
             "lines");
  expect_has(error_of("blocks:\n  - kind: free\n    until: next\n    instruction: \"a\\tb\"\n"),
             "blocks[0].instruction: 'a\\x09b' holds a control character");
}

TEST(ProtocolFile, AnUnclosedQuoteIsNamedAtItsLine) {
  const std::string e = error_of(
      "blocks:\n  - kind: free\n    instruction: \"Run tall\n    duration_s: 60\n"
      "  - kind: free\n    until: next\n");
  expect_has(e, "p.yaml:3:18: blocks[0].instruction:");
  expect_has(e, "is a closing quote missing?");
}

TEST(ProtocolFile, UnknownSettingsGetASuggestionAndTheList) {
  expect_has(
      error_of("blocks:\n  - {kind: free, until: next, duration: 60}\n"),
      "p.yaml:2:31: blocks[0].duration: unknown setting; did you mean duration_s? (settings: "
      "kind, name, duration_s, until, speed_kmh, instruction, cue_preset, feedback_pct)");
  expect_has(error_of("protocol: x\nblocks: [{kind: free, until: next}]\n"),
             "p.yaml:1:1: protocol: unknown setting (settings: name, description, blocks)");
}

TEST(ProtocolFile, SpeedsCuePresetsAndNames) {
  expect_has(error_of("blocks:\n  - {kind: warmup, until: next, speed_kmh: 31}\n"),
             "blocks[0].speed_kmh: '31' is out of range; use 0 .. 30 km/h");
  expect_has(error_of("blocks:\n  - {kind: warmup, until: next, speed_kmh: -1}\n"),
             "'-1' is out of range");
  expect_has(error_of("blocks:\n  - {kind: tare, duration_s: 3, speed_kmh: 8}\n"),
             "p.yaml:2:44: blocks[0].speed_kmh: '8' km/h: the belt stands still in a tare block");
  expect_has(error_of("blocks:\n  - {kind: baseline, duration_s: 60, cue_preset: default}\n"),
             "blocks[0].cue_preset: cues are on only in retraining blocks, not in a baseline");
  expect_has(error_of("blocks:\n  - {kind: retraining, until: next, cue_preset: Even Steps}\n"),
             "blocks[0].cue_preset: 'Even Steps' is not a preset name");
  expect_has(error_of("blocks:\n  - {kind: free, until: next, name: ''}\n"),
             "blocks[0].name: empty");
  expect_has(
      error_of("blocks:\n  - {kind: free, until: next, name: " + std::string(41, 'n') + "}\n"),
      "is 41 characters; at most 40");
}

TEST(ProtocolFile, BlockOrderRules) {
  expect_has(error_of("blocks:\n  - {kind: baseline, duration_s: 60}\n"
                      "  - {kind: free, duration_s: 60}\n  - {kind: baseline, duration_s: 60}\n"),
             "p.yaml:4:12: blocks[2].kind: a second baseline block (the first is on line 2)");
  expect_has(error_of("blocks:\n  - {kind: retraining, duration_s: 60}\n"
                      "  - {kind: baseline, duration_s: 60}\n"),
             "p.yaml:3:12: blocks[1].kind: a baseline after retraining (line 2) measures the "
             "retrained gait");
  expect_has(error_of("blocks:\n  - {kind: baseline, duration_s: 60}\n"
                      "  - {kind: post_test, duration_s: 60}\n"),
             "p.yaml:3:12: blocks[1].kind: a post_test measures the runner after retraining");
  // Retraining without a baseline of its own is fine (a reused baseline, or SI alone).
  EXPECT_EQ(error_of("blocks:\n  - {kind: retraining, duration_s: 60}\n"
                     "  - {kind: post_test, duration_s: 60}\n"),
            "(no error)");
}

TEST(ProtocolFile, EveryMistakeOfAFileAtOnceInFileOrder) {
  const std::string e = error_of(
      "name: x\n"
      "blocks:\n"
      "  - kind: tare\n"       // 3: no duration
      "  - kind: warmup\n"     // 4
      "    duration_s: nan\n"  // 5
      "  - kind: baseline\n"   // 6
      "    until: later\n"     // 7
      "    speed_kmh: 99\n");  // 8
  const auto at = [&](const std::string& s) { return e.find(s); };
  ASSERT_NE(at("p.yaml:3:5: blocks[0]: give duration_s"), std::string::npos) << e;
  ASSERT_NE(at("p.yaml:5:17: blocks[1].duration_s: 'nan'"), std::string::npos) << e;
  ASSERT_NE(at("p.yaml:7:12: blocks[2].until: 'later'"), std::string::npos) << e;
  ASSERT_NE(at("p.yaml:8:16: blocks[2].speed_kmh: '99'"), std::string::npos) << e;
  EXPECT_LT(at("p.yaml:3:5"), at("p.yaml:5:17"));
  EXPECT_LT(at("p.yaml:5:17"), at("p.yaml:7:12"));
  EXPECT_LT(at("p.yaml:7:12"), at("p.yaml:8:16"));
}

TEST(ProtocolFile, YamlSyntaxAndSecondDocuments) {
  expect_has(error_of("blocks:\n\t- {kind: free}\n"), "p.yaml:2:");
  expect_has(error_of("blocks: [{kind: free, until: next}]\n---\nname: y\n"),
             "p.yaml:3:1: (document 2): a second YAML document");
}

TEST(ProtocolFile, FilesThatAreNotProtocolFilesAreRefusedWithTheFix) {
  const fs::path dir = fs::temp_directory_path() / ("sc_protocol_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path fifo = dir / "pipe.yaml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  try {
    load_protocol(fifo);
    ADD_FAILURE() << "a pipe was read";
  } catch (const ProtocolFileError& e) {
    expect_has(e.what(), "is not a regular file");
  }
  try {
    load_protocol(find_protocol("marathon", kDir));
    ADD_FAILURE() << "an unknown name was found";
  } catch (const ProtocolFileError& e) {
    expect_has(e.what(), "protocol 'marathon' not found in");
    expect_has(
        e.what(),
        "shipped protocols: clinic-8-session, clinic-assessment, clinic-retraining, coach-drill");
  }
  try {
    load_protocol(find_protocol((dir / "missing.yaml").string(), kDir));
    ADD_FAILURE() << "a missing file was read";
  } catch (const ProtocolFileError& e) {
    expect_has(e.what(), "missing.yaml: cannot read the protocol file; check the path");
  }
  // An error from a file names the file, not the path.
  std::ofstream(dir / "bad.yaml") << "blocks:\n  - {kind: sprint, duration_s: 5}\n";
  try {
    load_protocol(dir / "bad.yaml");
    ADD_FAILURE();
  } catch (const ProtocolFileError& e) {
    expect_has(e.what(), "bad.yaml:2:12: blocks[0].kind: 'sprint' is not a block kind");
  }
  fs::remove_all(dir);
}
