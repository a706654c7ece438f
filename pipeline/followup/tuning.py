"""The linker's scoring constants, kept together because they were tuned together.

Tuned on one parish series, they sit on a plateau (MIN_SCORE 7.5-8.5 and
each factor +-0.1 give the same accuracy there) rather than on a peak; see
benchmarks/followups.py.
"""
from __future__ import annotations

IDF_SCALE = 6.0            # weight of a word that occurs in one sentence only; rarer words weigh less
MIN_SCORE = 8.0            # weighted overlap a later sentence needs to be a mention (about two rare words)
CORE_SHARE = 0.5           # ... at least half of it from the quote itself (or what its "this" points back to)
CONTEXT_WEIGHT = 0.5       # words of the action's sentence outside its quote
ANTECEDENT_WEIGHT = 0.8    # words an anaphoric or content-poor quote ("report this") leans on
RECIPIENT_WEIGHT = 1.5     # whom the action writes or reports to: a reply names them again
NAME_WEIGHT = 0.7          # people named in passing: speakers recur in every item
BACK_REF_FACTOR = 0.7      # the bar under "Matters Arising" or after "as requested at the last meeting"
SAME_ITEM_FACTOR = 0.7     # the bar under the action's own agenda item
OWNER_FACTOR = 0.8         # the bar where the owner or requester is named again
OTHER_BODY_FACTOR = 1.4    # the bar in another committee's documents
HEADING_SIDE = 0.8         # a word found only in a later sentence's heading counts at 80 %
SAME_ITEM_SIM = 0.5        # weighted Dice of two headings for "same agenda item"
MIN_COVERAGE = 0.75        # a later heading this much made of the action's own words is its item
MIN_HEADING_SIM = 0.6      # agenda-item match for actions that only move an item on
RELATED_SHARE = 0.7        # other sentences of the mention's section this close to the bar also speak for its status
FUZZY_CUTOFF = 88          # rapidfuzz ratio for two words to count as the same
SPECIFIC_IDF = 2.5         # a quote with at most two words rarer than this only moves its agenda item on
MIN_PREFIX = 5             # or one stem is another plus an inflection, the shorter at least this long
INFLECTIONS = {"", "e", "s", "es", "ed", "er", "ers", "ing", "ment", "al", "ally", "ly", "y", "ion", "ions",
               "ive", "or", "ors"}
