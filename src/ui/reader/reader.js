/* reader.js
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lectern's own script in the reader, run in its own world: page scripts never run. It tells
 * the application how far the reader has scrolled, where (as a text anchor that survives a
 * change of font size), and when the end has been reached. The application calls it back to
 * restore a position, to change the typography in place and to page through the article.
 */
(function () {
  'use strict';

  const handler = window.webkit.messageHandlers.lectern;
  /* A page can give its elements the names of the document's own properties ("body",
   * "querySelectorAll") and so hide those behind them. The document's prototype in this
   * world is out of the page's reach: go through it.
   */
  const documentProperty = function (name) {
    return Object.getOwnPropertyDescriptor (Document.prototype, name).get.call (document);
  };
  const querySelectorAll = Document.prototype.querySelectorAll.bind (document);
  const BLOCKS = '#lectern-article h1, .lectern-body p, .lectern-body h2, .lectern-body h3, ' +
                 '.lectern-body h4, .lectern-body h5, .lectern-body h6, .lectern-body li, ' +
                 '.lectern-body blockquote, .lectern-body pre, .lectern-body figure, ' +
                 '.lectern-body table, .lectern-body dt, .lectern-body dd, .lectern-body img';
  const SNIPPET_LENGTH = 32;
  let blocks = null;
  let endReported = false;
  let timer = 0;

  function scroller () {
    return documentProperty ('scrollingElement') || documentProperty ('documentElement');
  }

  function maxScroll () {
    return Math.max (0, scroller ().scrollHeight - window.innerHeight);
  }

  function fraction () {
    const max = maxScroll ();

    if (max <= 0)
      return 1;
    return Math.min (1, Math.max (0, scroller ().scrollTop / max));
  }

  function allBlocks () {
    if (!blocks)
      blocks = Array.from (querySelectorAll (BLOCKS));
    return blocks;
  }

  function snippet (element) {
    return (element.textContent || element.getAttribute ('alt') || '')
      .replace (/\s+/g, ' ').trim ().slice (0, SNIPPET_LENGTH);
  }

  /* The block at the top of the view: blocks come in document order, so their tops only
   * grow, and a binary search finds it among the 70,000 paragraphs of a long article.
   */
  function topBlock () {
    const list = allBlocks ();
    let low = 0;
    let high = list.length - 1;
    let found = -1;

    while (low <= high) {
      const middle = (low + high) >> 1;

      if (list[middle].getBoundingClientRect ().top <= 1) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    /* In the gap after a block that ended above the view, the next one is the anchor. */
    if (found >= 0 && list[found].getBoundingClientRect ().bottom <= 0 && found + 1 < list.length)
      found++;
    return found;
  }

  /* "index:offset:text": the index of the block at the top of the view, how far into it the
   * view starts (a fraction of its height), and the start of its text to check it is the
   * same block when the article comes back.
   */
  function anchor () {
    const index = topBlock ();
    let rect;
    let offset;

    if (index < 0 || scroller ().scrollTop <= 0)
      return '';
    rect = allBlocks ()[index].getBoundingClientRect ();
    offset = rect.height > 0 ? Math.min (1, Math.max (0, -rect.top / rect.height)) : 0;
    return index + ':' + offset.toFixed (4) + ':' + snippet (allBlocks ()[index]);
  }

  function findAnchor (text) {
    const parts = /^(\d+):([0-9.]+):(.*)$/s.exec (text || '');
    const list = allBlocks ();
    let index;

    if (!parts)
      return null;
    index = parseInt (parts[1], 10);
    if (index < list.length && snippet (list[index]) === parts[3])
      return { element: list[index], offset: parseFloat (parts[2]) };
    /* The article changed since: look for the same text anywhere. */
    for (let i = 0; i < list.length; i++)
      if (parts[3].length > 0 && snippet (list[i]) === parts[3])
        return { element: list[i], offset: parseFloat (parts[2]) };
    return null;
  }

  function scrollToAnchor (text, fallback) {
    const found = findAnchor (text);
    let top;

    if (found) {
      const rect = found.element.getBoundingClientRect ();

      top = scroller ().scrollTop + rect.top + found.offset * rect.height;
    } else {
      top = fallback * maxScroll ();
    }
    window.scrollTo ({ top: Math.round (top), behavior: 'instant' });
  }

  function report () {
    timer = 0;
    handler.postMessage ({ type: 'progress', value: fraction (), anchor: anchor () });
  }

  window.addEventListener ('scroll', function () {
    const remaining = maxScroll () - scroller ().scrollTop;

    /* The last few pixels count as the end: sub-pixel layout rarely lands exactly on it. */
    if (!endReported && maxScroll () > 0 && remaining <= 4) {
      endReported = true;
      handler.postMessage ({ type: 'end', value: fraction (), anchor: anchor () });
    }
    if (!timer)
      timer = window.setTimeout (report, 250);
  }, { passive: true });

  window.lectern = {
    /* Takes the reader back to where it stopped: the anchor when it is found, else the
     * fraction of the article.
     */
    restore: function (text, fallback) {
      if (text || fallback > 0)
        scrollToAnchor (text, fallback);
      /* Coming back to the end of an article is not reaching it: an article marked unread
       * again stays unread until the reader scrolls there.
       */
      if (maxScroll () - scroller ().scrollTop <= 4)
        endReported = true;
      return fraction ();
    },

    /* New colours or typography, in place: the block at the top of the view stays there.
     * The classes are all there is to change: the style sheets already have their values.
     */
    apply: function (classes) {
      const root = documentProperty ('documentElement');
      const here = scroller ().scrollTop > 0 ? anchor () : '';
      const before = fraction ();

      root.className = classes;
      if (here) {
        scrollToAnchor (here, before);
        /* The same place is another fraction of a longer or shorter article: say so now. */
        window.clearTimeout (timer);
        report ();
      }
      return root.className;
    },

    /* Space and Shift+Space when the focus is elsewhere: a page less a line, as WebKit does. */
    page: function (direction) {
      const line = parseFloat (getComputedStyle (documentProperty ('body')).lineHeight) || 30;

      window.scrollBy ({ top: direction * Math.max (line, window.innerHeight - 2 * line),
                         behavior: 'instant' });
      return scroller ().scrollTop;
    },

    anchor: anchor,
    fraction: fraction,
  };
}) ();
