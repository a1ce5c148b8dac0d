// The input corpus (issue 12): every case of every tests/corpus/*.cases file runs the real
// `stridecue` binary on files written for it, and must end as the case says — refused with its
// message, or accepted with its result — and never hang, crash or print a wall of text. The
// case format is in tests/corpus/README.md.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

/// A hang fails the case; the slowest real case (a 1 MB table) takes well under a second.
constexpr auto kTimeout = std::chrono::seconds(30);
/// Messages are for people: no line of output may be longer (UTF-8 characters).
constexpr std::size_t kMaxLineChars = 400;
/// Output kept per command; more is drained and dropped (a runaway loop must not eat memory).
constexpr std::size_t kMaxOutputBytes = std::size_t{4} << 20;
/// Text that means the program broke, whatever the case expects.
constexpr std::string_view kNeverPrinted[] = {"terminate called", "std::bad_alloc", "Sanitizer",
                                              "runtime error:"};

struct FileBlock {
  std::string name;
  std::string text;
};

struct Case {
  std::string name;
  std::string where;  // "analyze.cases:12"
  std::vector<FileBlock> files;
  std::vector<std::string> commands;  // '$' lines, in order
  std::optional<int> exit_code;       // nullopt with exit_nonzero: any but 0
  bool exit_nonzero = false;
  std::vector<std::string> has, lacks;
  std::string problem;  // the case file itself is wrong
};

/// GoogleTest prints a parameter in test listings: the case's place, not its bytes.
void PrintTo(const Case& c, std::ostream* os) {
  *os << c.where;
}

/// Decodes \n \t \r \0 \\ \xNN; anything else after a backslash is a mistake in the case.
std::string unescape(std::string_view s, std::string& problem) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    const char c = i + 1 < s.size() ? s[++i] : '\0';
    switch (c) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case '0':
        out += '\0';
        break;
      case '\\':
        out += '\\';
        break;
      case 'x':
        if (i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
          out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
          i += 2;
          break;
        }
        [[fallthrough]];
      default:
        problem = "bad escape at '\\" + std::string(1, c) + "' (use \\n \\t \\r \\0 \\\\ \\xNN)";
    }
  }
  return out;
}

/// The words of a '$' line: split on spaces, "double quotes" group.
std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool quoted = false, any = false;
  for (const char c : line) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (c == ' ' && !quoted) {
      if (any) words.push_back(word);
      word.clear();
      any = false;
    } else {
      word += c;
      any = true;
    }
  }
  if (any) words.push_back(word);
  return words;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) {
    s.replace(p, from.size(), to);
  }
}

/// Parses one .cases file into `cases`; a mistake in it becomes the problem of its case.
void parse_cases(const fs::path& path, std::vector<Case>& cases) {
  std::ifstream in(path, std::ios::binary);
  const std::string file = path.filename().string();
  std::string line;
  std::size_t line_no = 0;
  Case* c = nullptr;
  // The open FILE block: its lines, how they join, how often it repeats.
  struct Block {
    std::string name, text;
    bool escaped = false;
    long repeat = 1;
  };
  std::optional<Block> block;
  const auto close_block = [&] {
    if (!block || c == nullptr) return;
    std::string text = block->escaped ? unescape(block->text, c->problem) : block->text;
    std::string all;
    all.reserve(text.size() * static_cast<std::size_t>(block->repeat));
    for (long i = 0; i < block->repeat; ++i) all += text;
    auto same = std::find_if(c->files.begin(), c->files.end(),
                             [&](const FileBlock& f) { return f.name == block->name; });
    if (same != c->files.end()) {
      same->text += all;  // a second block for the same file appends to it
    } else {
      c->files.push_back({block->name, std::move(all)});
    }
    block.reset();
  };
  const auto bad = [&](const std::string& what) {
    if (c != nullptr && c->problem.empty()) {
      c->problem = file + ":" + std::to_string(line_no) + ": " + what;
    }
  };
  while (std::getline(in, line)) {
    ++line_no;
    const bool starts_directive =
        line.rfind("===", 0) == 0 || line.rfind("---", 0) == 0 || line.rfind("$", 0) == 0;
    if (block && !starts_directive) {
      block->text += line;
      if (!block->escaped) block->text += '\n';
      continue;
    }
    close_block();
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("=== ", 0) == 0) {
      cases.push_back(Case{});
      c = &cases.back();
      c->name = line.substr(4);
      c->where = file + ":" + std::to_string(line_no);
      const bool ok = !c->name.empty() && std::all_of(c->name.begin(), c->name.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-';
      });
      if (!ok) bad("case name '" + c->name + "': use A-Z a-z 0-9 _ -");
      continue;
    }
    if (c == nullptr) {
      cases.push_back(Case{});
      c = &cases.back();
      c->name = "stray_line_in_" + path.stem().string();
      c->where = file;
      bad("a line before any '=== NAME'");
      continue;
    }
    if (line.rfind("--- ", 0) == 0) {
      std::istringstream words(line.substr(4));
      Block b;
      words >> b.name;
      for (std::string w; words >> w;) {
        if (w == "escaped") {
          b.escaped = true;
        } else if (w == "repeat" && (words >> b.repeat) && b.repeat > 0) {
        } else {
          bad("'--- FILE [escaped] [repeat N]' expected, got '" + line + "'");
        }
      }
      if (b.name.empty() || b.name.find('/') != std::string::npos) bad("bad file name");
      block = b;
    } else if (line.rfind("$ ", 0) == 0) {
      c->commands.push_back(line.substr(2));
    } else if (line == "exit nonzero") {
      c->exit_nonzero = true;
    } else if (line.rfind("exit ", 0) == 0) {
      c->exit_code = std::atoi(line.c_str() + 5);
    } else if (line.rfind("has ", 0) == 0) {
      c->has.push_back(line.substr(4));
    } else if (line.rfind("lacks ", 0) == 0) {
      c->lacks.push_back(line.substr(6));
    } else {
      bad("unknown line '" + line + "'");
    }
  }
  close_block();
}

std::vector<Case> load_cases() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(STRIDECUE_CORPUS_DIR)) {
    if (e.path().extension() == ".cases") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Case> cases;
  for (const auto& f : files) parse_cases(f, cases);
  // GoogleTest names allow [A-Za-z0-9_] only: '-' becomes '_', and the result must be unique.
  std::set<std::string> seen;
  for (Case& c : cases) {
    if (c.commands.empty() && c.problem.empty()) c.problem = c.where + ": no '$' line";
    if (!c.exit_code && !c.exit_nonzero && c.problem.empty()) {
      c.problem = c.where + ": no 'exit' line";
    }
    std::replace(c.name.begin(), c.name.end(), '-', '_');
    std::replace_if(
        c.name.begin(), c.name.end(),
        [](char ch) { return !std::isalnum(static_cast<unsigned char>(ch)) && ch != '_'; }, '_');
    std::string unique = c.name;
    for (int n = 2; !seen.insert(unique).second; ++n) unique = c.name + "_dup" + std::to_string(n);
    if (unique != c.name) c.problem = c.where + ": case name used before: " + c.name;
    c.name = unique;
  }
  return cases;
}

struct Outcome {
  std::string output;  // stdout and stderr, interleaved as written
  int exit_code = -1;  // -1: ended by a signal or timed out
  int signal = 0;
  bool timed_out = false;
  std::chrono::milliseconds took{0};
};

/// Runs `args` with stdout and stderr into one pipe, killed (its process group) at kTimeout.
/// Sessions the command records go to `data_dir`, never to the user's own library.
Outcome run_command(const std::vector<std::string>& args, const std::string& data_dir) {
  Outcome r;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    r.output = "pipe failed";
    return r;
  }
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    const int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, STDIN_FILENO);
    setenv("STRIDECUE_DATA_DIR", data_dir.c_str(), 1);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  const auto deadline = start + kTimeout;
  char buf[65536];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      r.timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // the deadline check above ends it
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // every writer closed: the program (and its children) ended
    if (r.output.size() < kMaxOutputBytes) r.output.append(buf, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  if (r.timed_out) kill(-pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start);
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  return r;
}

/// Lines longer than kMaxLineChars characters (UTF-8), as "line N: M characters".
std::string long_lines(std::string_view out) {
  std::string found;
  std::size_t line_no = 1, chars = 0;
  for (const char ch : out) {
    if (ch == '\n') {
      if (chars > kMaxLineChars) {
        found += " line " + std::to_string(line_no) + ": " + std::to_string(chars) + " chars;";
      }
      ++line_no;
      chars = 0;
    } else if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) {
      ++chars;
    }
  }
  if (chars > kMaxLineChars) found += " last line: " + std::to_string(chars) + " chars";
  return found;
}

class Corpus : public ::testing::TestWithParam<Case> {};

TEST_P(Corpus, EndsAsExpected) {
  const Case& c = GetParam();
  ASSERT_TRUE(c.problem.empty()) << c.problem;
  const fs::path dir =
      fs::temp_directory_path() / ("stridecue-corpus-" + c.name + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::remove_all(dir.string() + "-data");
  fs::create_directories(dir);
  for (const FileBlock& f : c.files) {
    std::ofstream(dir / f.name, std::ios::binary) << f.text;
  }
  Outcome last;
  for (std::size_t i = 0; i < c.commands.size(); ++i) {
    std::string line = c.commands[i];
    replace_all(line, "{dir}", dir.string());
    replace_all(line, "{data}", STRIDECUE_SOURCE_DIR "/tests/data");
    std::vector<std::string> args = split_words(line);
    args.insert(args.begin(), STRIDECUE_APP);
    last = run_command(args, dir.string() + "-data");
    const std::string said = "\n$ stridecue " + line + "\n" + last.output;
    ASSERT_FALSE(last.timed_out) << c.where << ": still running after " << kTimeout.count()
                                 << " s, killed" << said;
    ASSERT_EQ(last.signal, 0) << c.where << ": ended by signal " << last.signal << said;
    for (const std::string_view bad : kNeverPrinted) {
      EXPECT_EQ(last.output.find(bad), std::string::npos) << c.where << ": printed " << bad << said;
    }
    const std::string too_long = long_lines(last.output);
    EXPECT_TRUE(too_long.empty()) << c.where << ": lines over " << kMaxLineChars
                                  << " characters:" << too_long << said;
    if (i + 1 < c.commands.size()) {
      ASSERT_EQ(last.exit_code, 0) << c.where << ": a setup command failed" << said;
      continue;
    }
    if (c.exit_code) {
      EXPECT_EQ(last.exit_code, *c.exit_code) << c.where << said;
    } else {
      EXPECT_NE(last.exit_code, 0) << c.where << ": expected a refusal" << said;
    }
    for (const std::string& text : c.has) {
      EXPECT_NE(last.output.find(text), std::string::npos)
          << c.where << ": expected '" << text << "'" << said;
    }
    for (const std::string& text : c.lacks) {
      EXPECT_EQ(last.output.find(text), std::string::npos)
          << c.where << ": did not expect '" << text << "'" << said;
    }
  }
  if (!HasFailure()) {  // kept for a look when the case failed
    fs::remove_all(dir);
    fs::remove_all(dir.string() + "-data");
  }
}

std::string case_name(const ::testing::TestParamInfo<Case>& p) {
  return p.param.name;
}

INSTANTIATE_TEST_SUITE_P(Cases, Corpus, ::testing::ValuesIn(load_cases()), case_name);

}  // namespace
