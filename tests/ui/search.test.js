// The search boxes' words (ui/search.js).

import assert from "node:assert/strict";
import { test } from "node:test";

import { ahead, matchesText, matchesWords, narrows, queryWords, searchableText, searchableWords } from "../../ui/search.js";

test("queryWords: lower case, split on any run of spaces, none for a blank box", () => {
  assert.deepEqual(queryWords("  Group   B\tclient-010 "), ["group", "b", "client-010"]);
  assert.deepEqual(queryWords("   "), []);
});

test("searchableWords: each word whole and in its parts, once each, skipping empty texts", () => {
  assert.deepEqual(searchableWords("client-0742", null, "", undefined, "Group B"), [
    "client-0742",
    "group",
    "b",
    "client",
    "0742",
  ]);
  assert.deepEqual(searchableWords("Ольга Петрова"), ["ольга", "петрова"]);
  assert.deepEqual(searchableWords("shop@example.com"), ["shop@example.com", "shop", "example", "com"]);
});

test("matchesWords: every query word must start one of the words", () => {
  const words = searchableWords("adv-alice", "Alice Smith");
  assert.equal(matchesWords(words, ["ali", "smi"]), true);
  assert.equal(matchesWords(words, ["ali", "jones"]), false);
  assert.equal(matchesWords(words, ["lice"]), false, "inside a word is not a match");
  assert.equal(matchesWords(words, []), true, "no words: everything matches");
});

test("matchesText answers as matchesWords does, over the same texts (query words from queryWords have no space)", () => {
  const texts = [
    ["adv-alice", "Alice Smith"],
    ["client-0742", "Client 742", "Group B", "note for account number 742"],
    ["shop@example.com", "Ольга Петрова"],
  ];
  const queries = [
    ["ali"], ["ali", "smi"], ["lice"], ["e"], ["client-07"], ["0742"], ["742"], ["b", "client"],
    ["group", "b"], ["number", "74"], ["example.com"], ["com"], ["ольга"], ["петр", "shop"], ["x"], [],
  ];
  for (const parts of texts) {
    const words = searchableWords(...parts);
    const text = searchableText(...parts);
    for (const query of queries) {
      assert.equal(matchesText(text, query), matchesWords(words, query), `${parts} ${query}`);
    }
  }
});

test("narrows: typing on in a word, or adding words, only narrows; anything else does not", () => {
  assert.equal(narrows([], ["a"]), true);
  assert.equal(narrows(["client-0"], ["client-07"]), true);
  assert.equal(narrows(["group", "b"], ["group", "b", "client"]), true);
  assert.equal(narrows(["client-07"], ["client-0"]), false, "a deleted letter widens");
  assert.equal(narrows(["group", "b"], ["group"]), false, "a deleted word widens");
  assert.equal(narrows(["group"], ["b"]), false);
});

test("ahead: every item once, in slices, and stops when stale", async () => {
  const seen = [];
  await new Promise((done) => {
    ahead([1, 2, 3, 4, 5], (n) => {
      seen.push(n);
      if (n === 5) done();
    }, () => false, 2);
  });
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  const stopped = [];
  let stale = false;
  ahead([1, 2, 3, 4], (n) => {
    stopped.push(n);
    stale = true;
  }, () => stale, 2);
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(stopped, [1, 2], "the first slice, then nothing");
});
