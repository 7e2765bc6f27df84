#include "pantau/hub/core/chain_audit.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include "pantau/shared/event.hpp"
#include "pantau/shared/event_codec.hpp"
#include "pantau/shared/sha256.hpp"

namespace pantau::hub {

namespace {

struct link {
  std::int64_t seq = 0;
  std::string prev;
  std::string hash;
};

std::string range_text(std::int64_t from, std::int64_t to) {
  return from == to ? std::to_string(from) : std::to_string(from) + ".." + std::to_string(to);
}

// [from, to] minus the seqs kept as altered rows, split into what the hub recorded as gaps and what
// simply is not there. Works by boundaries, not seq by seq: a range may be as wide as int64 allows.
void report_absent(std::int64_t from, std::int64_t to, const std::set<std::int64_t>& altered,
                   const std::vector<seq_gap>& gaps, chain_report& out) {
  std::int64_t s = from;
  while (s <= to) {
    if (altered.contains(s)) {
      if (s == to) break;
      ++s;
      continue;
    }
    std::int64_t end = to;
    if (const auto next = altered.upper_bound(s); next != altered.end()) end = std::min(end, *next - 1);
    const auto gap = std::find_if(gaps.begin(), gaps.end(), [s](const seq_gap& g) { return g.from <= s && s <= g.to; });
    if (gap != gaps.end()) {
      end = std::min(end, gap->to);
      out.findings.push_back({chain_problem::gap, s, end,
                              "seq " + range_text(s, end) + " tidak pernah diterima, dicatat sebagai celah / never "
                              "received, recorded as a gap"});
    } else {
      for (const auto& g : gaps)
        if (g.from > s) end = std::min(end, g.from - 1);
      out.findings.push_back({chain_problem::missing, s, end,
                              "seq " + range_text(s, end) + " hilang dari penyimpanan, padahal rantai membuktikan ada / "
                              "missing from the store although the chain proves it existed"});
    }
    if (end == to) break;
    s = end + 1;
  }
}

}  // namespace

const char* to_string(chain_problem p) {
  switch (p) {
    case chain_problem::altered: return "altered";
    case chain_problem::reordered: return "reordered";
    case chain_problem::missing: return "missing";
    case chain_problem::gap: return "gap";
  }
  return "altered";
}

bool chain_report::intact() const {
  return std::all_of(findings.begin(), findings.end(), [](const chain_finding& f) { return f.problem == chain_problem::gap; });
}

chain_report audit_chain(const std::vector<chain_row>& rows, const std::optional<signing::public_key>& key,
                         const std::vector<seq_gap>& gaps) {
  chain_report out;
  out.events = static_cast<std::int64_t>(rows.size());
  std::vector<link> links;
  std::set<std::int64_t> altered;  // stored seqs of rows whose signature does not hold
  std::string scratch;
  for (const auto& row : rows) {
    std::optional<event> e;
    if (key) {
      if (auto opened = signing::open(row.payload, *key, scratch)) {
        if (auto decoded = decode_event(*opened)) e = std::move(decoded).value();
      }
    }
    if (!e) {
      altered.insert(row.stored_seq);
      out.last_seq = std::max(out.last_seq, row.stored_seq);
      out.findings.push_back({chain_problem::altered, row.stored_seq, row.stored_seq,
                              key ? "seq " + std::to_string(row.stored_seq) +
                                        ": isi diubah, tanda tangan kios tidak cocok / edited, the kiosk's signature "
                                        "does not hold"
                                  : "seq " + std::to_string(row.stored_seq) +
                                        ": kunci kios tidak dikenal, tidak bisa dibuktikan / the kiosk's key is "
                                        "unknown, nothing can be proved"});
      continue;
    }
    if (e->seq != row.stored_seq)
      out.findings.push_back({chain_problem::reordered, row.stored_seq, e->seq,
                              "disimpan sebagai seq " + std::to_string(row.stored_seq) + ", ditandatangani sebagai seq " +
                                  std::to_string(e->seq) + " / filed as seq " + std::to_string(row.stored_seq) +
                                  ", signed as seq " + std::to_string(e->seq)});
    out.last_seq = std::max(out.last_seq, e->seq);
    links.push_back({e->seq, std::move(e->prev), sha256_hex(row.payload)});
  }
  std::sort(links.begin(), links.end(), [](const link& a, const link& b) {
    return a.seq != b.seq ? a.seq < b.seq : a.hash < b.hash;
  });
  links.erase(std::unique(links.begin(), links.end(),
                          [](const link& a, const link& b) { return a.seq == b.seq && a.hash == b.hash; }),
              links.end());

  std::int64_t expected = 1;
  std::string prev_hash(chain_start);  // what the next event must name; empty: not known (a hole before it)
  for (std::size_t i = 0; i < links.size(); ++i) {
    const link& l = links[i];
    if (i > 0 && links[i - 1].seq == l.seq) {
      out.findings.push_back({chain_problem::reordered, l.seq, l.seq,
                              "dua kejadian berbeda untuk seq " + std::to_string(l.seq) + " / two different events for seq " +
                                  std::to_string(l.seq)});
      continue;
    }
    if (l.seq > expected) {
      report_absent(expected, l.seq - 1, altered, gaps, out);
      prev_hash.clear();
    }
    if (!prev_hash.empty() && l.prev != prev_hash)
      out.findings.push_back({chain_problem::reordered, l.seq, l.seq,
                              "seq " + std::to_string(l.seq) + " tidak menyambung ke kejadian sebelumnya / does not follow "
                              "the event stored before it"});
    prev_hash = l.hash;
    expected = l.seq == std::numeric_limits<std::int64_t>::max() ? l.seq : l.seq + 1;
  }
  std::sort(out.findings.begin(), out.findings.end(),
            [](const chain_finding& a, const chain_finding& b) { return a.from_seq < b.from_seq; });
  return out;
}

}  // namespace pantau::hub
