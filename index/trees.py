"""Gradient-boosted decision trees read from JSON and evaluated with numpy: the abstention
model's form. `bench/fit_answer.py` fits them with scikit-learn and writes them out node by
node (the product ships plain numbers, never a pickle, and needs no scikit-learn to run)."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np


@dataclass(frozen=True, eq=False)
class TreeEnsemble:
    """Log-odds = baseline + one leaf value per tree. All trees' nodes live in flat arrays;
    `roots` says where each tree starts. A row goes left when its value is <= the threshold."""
    inputs: tuple[str, ...]  # the feature each column of `log_odds`'s rows holds
    baseline: float
    roots: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray  # a leaf's left and right point at itself
    value: np.ndarray
    _columns: dict = field(default_factory=dict, repr=False)  # names -> `columns`, asked every question

    @classmethod
    def from_json(cls, data: dict) -> "TreeEnsemble":
        feature, threshold, left, right, value, roots = [], [], [], [], [], []
        for tree in data["trees"]:
            offset = len(feature)
            roots.append(offset)
            for node in tree:  # [feature, threshold, left, right] or [leaf value]
                if len(node) == 1:
                    feature.append(0)
                    threshold.append(0.0)
                    left.append(len(feature) - 1)
                    right.append(len(feature) - 1)
                    value.append(float(node[0]))
                else:
                    feature.append(int(node[0]))
                    threshold.append(float(node[1]))
                    left.append(offset + int(node[2]))
                    right.append(offset + int(node[3]))
                    value.append(0.0)
        return cls(
            inputs=tuple(data["inputs"]), baseline=float(data["baseline"]),
            roots=np.asarray(roots, np.int64), feature=np.asarray(feature, np.int64),
            threshold=np.asarray(threshold, np.float64), left=np.asarray(left, np.int64),
            right=np.asarray(right, np.int64),
            value=np.asarray(value, np.float64),
        )

    def log_odds(self, rows: np.ndarray) -> np.ndarray:
        """One log-odds per row (columns in `inputs` order). Every (row, tree) pair walks at
        once, one level a step, and the pairs at their leaves leave the walk every third step
        (a leaf leads to itself): most leaves are far shallower than the deepest, so the later
        steps move few pairs, and a step is a handful of numpy calls, each costing more than
        the few elements it moves. The walking pairs' nodes (as 2 × node: see `_by_twice`) and
        rows' offsets are carried along from step to step."""
        rows = np.asarray(rows, dtype=np.float64).reshape(-1, len(self.inputs))
        count, width = rows.shape
        values = rows.ravel()
        feature, threshold, children, inner = self._by_twice
        node = np.tile(2 * self.roots, count)  # pair p is row p // trees, tree p % trees
        walking = inner.take(node).nonzero()[0]
        at = node.take(walking)
        start = np.repeat(np.arange(count, dtype=np.int64) * width, len(self.roots)).take(walking)
        step = 0
        while len(walking):
            at = children.take(at + (values.take(start + feature.take(at)) <= threshold.take(at)))
            step += 1
            if step % 3 == 0:
                going = inner.take(at).nonzero()[0]
                if len(going) < len(at):
                    node[walking] = at
                    walking, at, start = walking.take(going), at.take(going), start.take(going)
        return self.baseline + self.value.take(node >> 1).reshape(count, len(self.roots)).sum(axis=1)

    @functools.cached_property
    def _by_twice(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Node i's feature, threshold and whether it splits at 2i and 2i + 1, and 2 × its right
        child at 2i, its left one at 2i + 1: a step is one lookup a value, no doubling."""
        children = np.empty(2 * len(self.feature), dtype=np.int64)
        children[0::2], children[1::2] = 2 * self.right, 2 * self.left
        inner = self.left != np.arange(len(self.left))
        return np.repeat(self.feature, 2), np.repeat(self.threshold, 2), children, np.repeat(inner, 2)

    def columns(self, names: Sequence[str]) -> list[int]:
        """Where each input sits among `names` (raises ValueError for an unknown one)."""
        names = tuple(names)
        found = self._columns.get(names)
        if found is None:
            found = self._columns[names] = [names.index(name) for name in self.inputs]
        return found


def sklearn_trees_json(model, inputs: Sequence[str]) -> dict:
    """A fitted binary HistGradientBoostingClassifier in `TreeEnsemble.from_json`'s form: each
    tree a node list, [feature, threshold, left, right] or [leaf value] (leaf values carry the
    learning rate already). Reads the model's attributes, so the product needs no scikit-learn."""
    trees = []
    for (predictor,) in model._predictors:  # one tree per boosting round
        trees.append([[round(float(n["value"]), 7)] if n["is_leaf"] else
                      [int(n["feature_idx"]), float(n["num_threshold"]), int(n["left"]), int(n["right"])]
                      for n in predictor.nodes])
    return {"inputs": list(inputs), "baseline": float(np.ravel(model._baseline_prediction)[0]), "trees": trees}
