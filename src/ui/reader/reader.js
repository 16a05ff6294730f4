/* reader.js
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lectern's own script in the reader, run in its own world: page scripts never run. It tells
 * the application how far the reader has scrolled, and when the end has been reached.
 */
(function () {
  'use strict';

  const handler = window.webkit.messageHandlers.lectern;
  let endReported = false;
  let timer = 0;

  function fraction () {
    const element = document.scrollingElement || document.documentElement;
    const max = element.scrollHeight - window.innerHeight;

    if (max <= 0)
      return 1;
    return Math.min (1, Math.max (0, element.scrollTop / max));
  }

  function report () {
    timer = 0;
    handler.postMessage ({ type: 'progress', value: fraction () });
  }

  window.addEventListener ('scroll', function () {
    const value = fraction ();

    /* The last few pixels count as the end: sub-pixel layout rarely lands exactly on it. */
    const element = document.scrollingElement || document.documentElement;
    const remaining = element.scrollHeight - window.innerHeight - element.scrollTop;

    if (!endReported && remaining <= 4) {
      endReported = true;
      handler.postMessage ({ type: 'end', value: value });
    }
    if (!timer)
      timer = window.setTimeout (report, 250);
  }, { passive: true });
}) ();
