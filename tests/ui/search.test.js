// The search boxes' words (ui/search.js).

import assert from "node:assert/strict";
import { test } from "node:test";

import { matchesWords, queryWords, searchableWords } from "../../ui/search.js";

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
