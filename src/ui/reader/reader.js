/* reader.js
 *
 * Copyright 2026 The Lectern authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lectern's own script in the reader, run in its own world: page scripts never run. It tells
 * the application how far the reader has scrolled, where (as a text anchor that survives a
 * change of font size), and when the end has been reached; what the reader selects, and which
 * highlight they click. The application calls it back to restore a position, to change the
 * typography in place, to page through the article and to draw its highlights.
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

    /* Draws @list, the article's highlights ({id, start, end, exact, color, note}), in
     * place of those drawn before; returns the ids of those not found in the page.
     */
    setHighlights: function (list) {
      return drawHighlights (list);
    },

    /* Scrolls highlight @id to a third of the way down the view. */
    scrollToHighlight: function (id) {
      const mark = findMark (id);
      let top;

      if (!mark)
        return -1;
      top = scroller ().scrollTop + mark.getBoundingClientRect ().top - window.innerHeight / 3;
      window.scrollTo ({ top: Math.max (0, Math.round (top)), behavior: 'instant' });
      return mark.getBoundingClientRect ().top;
    },

    /* Where highlight @id is in the view, or null. */
    highlightRect: function (id) {
      const mark = findMark (id);

      return mark ? rectOf (mark.getBoundingClientRect ()) : null;
    },

    selection: currentSelection,
    text: function () {
      return textMap ().text;
    },
  };

  /* Highlights.
   *
   * A highlight is anchored in the article's text as Lectern's library works it out from
   * the stored body (lectern-highlight-text.c), character for character: in document order,
   * a run of ASCII white space outside <pre> is one space, and only between two characters;
   * a block starts and ends a line. Offsets count Unicode code points.
   */
  const BLOCK_NAMES = new Set ([
    'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'CAPTION', 'DD', 'DETAILS', 'DIV', 'DL',
    'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR',
    'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'THEAD',
    'TFOOT', 'TR', 'TD', 'TH', 'UL',
  ]);
  const SKIPPED_NAMES = new Set (['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);
  const COLORS = new Set (['yellow', 'green', 'blue', 'pink', 'purple']);
  const CONTEXT = 32;
  let map = null;

  function isSpace (c) {
    return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
  }

  function body () {
    return querySelectorAll ('.lectern-body')[0] || null;
  }

  /* The text, one entry per code point, with the text node and offset (in UTF-16 units)
   * each comes from; a line break a block makes comes from no node.
   */
  function textMap () {
    const root = body ();
    const chars = [];
    const nodes = [];
    const offsets = [];
    let pendingSpace = null;
    let pendingBreak = false;

    function emit (c, node, offset) {
      if (pendingBreak) {
        chars.push ('\n');
        nodes.push (null);
        offsets.push (0);
      } else if (pendingSpace) {
        chars.push (' ');
        nodes.push (pendingSpace.node);
        offsets.push (pendingSpace.offset);
      }
      pendingBreak = false;
      pendingSpace = null;
      chars.push (c);
      nodes.push (node);
      offsets.push (offset);
    }

    function walk (element, pre) {
      for (let child = element.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === Node.TEXT_NODE || child.nodeType === Node.CDATA_SECTION_NODE) {
          const data = child.data;
          let offset = 0;

          for (const c of data) {
            if (!pre && isSpace (c)) {
              if (chars.length > 0 && !pendingBreak && !pendingSpace)
                pendingSpace = { node: child, offset: offset };
            } else {
              emit (c, child, offset);
            }
            offset += c.length;
          }
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          const name = child.nodeName.toUpperCase ();
          const block = BLOCK_NAMES.has (name);

          if (SKIPPED_NAMES.has (name))
            continue;
          if (block && chars.length > 0)
            pendingBreak = true;
          walk (child, pre || name === 'PRE');
          if (block && chars.length > 0)
            pendingBreak = true;
        }
      }
    }

    if (!map) {
      if (root) {
        let pre = false;

        for (let e = root; e; e = e.parentElement)
          pre = pre || e.nodeName.toUpperCase () === 'PRE';
        walk (root, pre);
      }
      map = { chars: chars, nodes: nodes, offsets: offsets, text: chars.join ('') };
      map.real = [];
      for (let i = 0; i < nodes.length; i++)
        if (nodes[i])
          map.real.push (i);
    }
    return map;
  }

  /* Where @exact is in the text: at [start, end) if it is there still, else its place
   * nearest to start.
   */
  function locate (m, start, end, exact) {
    let best = -1;
    let index;
    let from = 0;
    const exactLength = Array.from (exact).length;

    if (end > start && end <= m.chars.length && m.chars.slice (start, end).join ('') === exact)
      return [start, end];
    if (!exact)
      return null;
    /* indexOf counts UTF-16 units: the code points before each match are counted as it goes. */
    let units = 0;
    let points = 0;
    while ((index = m.text.indexOf (exact, from)) >= 0) {
      while (units < index) {
        units += m.chars[points].length;
        points++;
      }
      if (best < 0 || Math.abs (points - start) < Math.abs (best - start))
        best = points;
      from = index + 1;
    }
    return best < 0 ? null : [best, best + exactLength];
  }

  function unwrapMarks () {
    const marks = querySelectorAll ('mark[data-lectern-highlight]');

    for (const mark of marks) {
      const parent = mark.parentNode;

      while (mark.firstChild)
        parent.insertBefore (mark.firstChild, mark);
      parent.removeChild (mark);
      parent.normalize ();
    }
    map = null;
  }

  /* Wraps code points [start, end) in <mark> elements, one per text node it crosses,
   * leaving out the white space between blocks.
   */
  function wrap (m, start, end, highlight) {
    const runs = [];

    for (let i = start; i < end; i++) {
      const node = m.nodes[i];
      const last = runs[runs.length - 1];

      if (!node)
        continue;
      if (last && last.node === node) {
        last.end = m.offsets[i] + m.chars[i].length;
      } else {
        runs.push ({ node: node, start: m.offsets[i], end: m.offsets[i] + m.chars[i].length });
      }
    }

    for (let r = runs.length - 1; r >= 0; r--) {
      const run = runs[r];
      let middle = run.node;

      if (/^\s*$/.test (run.node.data.slice (run.start, run.end)))
        continue;
      if (run.end < middle.data.length)
        middle.splitText (run.end);
      if (run.start > 0)
        middle = middle.splitText (run.start);

      const mark = document.createElement ('mark');
      mark.className = 'lectern-highlight lectern-highlight-' + highlight.color;
      mark.dataset.lecternHighlight = String (highlight.id);
      if (highlight.note && r === 0)
        mark.classList.add ('lectern-has-note');
      middle.parentNode.insertBefore (mark, middle);
      mark.appendChild (middle);
    }
  }

  function drawHighlights (list) {
    const missing = [];
    const placed = [];
    const selected = selectionOffsets ();
    let lowest = Infinity;

    unwrapMarks ();
    for (const highlight of list || []) {
      const m = textMap ();
      const range = locate (m, highlight.start, highlight.end, highlight.exact || '');

      if (!COLORS.has (highlight.color))
        highlight.color = 'yellow';
      if (!range) {
        missing.push (highlight.id);
        continue;
      }
      placed.push ({ highlight: highlight, start: range[0], end: range[1] });
    }

    /* From the end backwards: splitting a text node keeps the offsets before the split, so
     * one map serves until a highlight overlaps one drawn already.
     */
    placed.sort (function (a, b) { return b.start - a.start; });
    for (const p of placed) {
      if (p.end > lowest)
        map = null;
      wrap (textMap (), p.start, p.end, p.highlight);
      lowest = Math.min (lowest, p.start);
    }
    map = null;
    /* The text nodes the reader had selected may be gone: select the same text again. */
    if (selected)
      selectOffsets (selected[0], selected[1]);
    return missing;
  }

  /* Selects code points [start, end) of the text. */
  function selectOffsets (start, end) {
    const m = textMap ();
    const range = document.createRange ();
    const selection = window.getSelection ();
    let last = end - 1;

    while (start < m.chars.length && !m.nodes[start])
      start++;
    while (last >= 0 && !m.nodes[last])
      last--;
    if (start > last || last >= m.chars.length)
      return;
    range.setStart (m.nodes[start], m.offsets[start]);
    range.setEnd (m.nodes[last], m.offsets[last] + m.chars[last].length);
    selection.removeAllRanges ();
    selection.addRange (range);
  }

  function findMark (id) {
    return querySelectorAll ('mark[data-lectern-highlight="' + String (Number (id)) + '"]')[0] ||
           null;
  }

  function rectOf (rect) {
    return { x: rect.left, y: rect.top, width: rect.width, height: rect.height };
  }

  /* The first code point index whose position is not before the boundary (@node, @offset)
   * of @range's start (@end false) or after its end (@end true).
   */
  function boundaryIndex (m, range, end) {
    let low = 0;
    let high = m.real.length;

    while (low < high) {
      const middle = (low + high) >> 1;
      const i = m.real[middle];
      let past;

      if (end)
        past = range.comparePoint (m.nodes[i], m.offsets[i] + m.chars[i].length) > 0;
      else
        past = range.comparePoint (m.nodes[i], m.offsets[i]) >= 0;
      if (past)
        high = middle;
      else
        low = middle + 1;
    }
    return low < m.real.length ? m.real[low] : m.chars.length;
  }

  /* Where the selection is in the article's text, as [start, end), or null. */
  function selectionOffsets () {
    const selection = window.getSelection ();
    const root = body ();
    let range;
    let m;
    let start;
    let end;

    if (!root || !selection || selection.rangeCount === 0 || selection.isCollapsed)
      return null;
    range = selection.getRangeAt (0);
    if (!range.intersectsNode (root))
      return null;

    m = textMap ();
    start = boundaryIndex (m, range, false);
    end = boundaryIndex (m, range, true);
    /* A line break at either end is the space between blocks, not a character chosen. */
    while (start < end && (m.chars[start] === '\n' || m.chars[start] === ' '))
      start++;
    while (end > start && (m.chars[end - 1] === '\n' || m.chars[end - 1] === ' '))
      end--;
    return start < end ? [start, end] : null;
  }

  /* The selection in the article's text: its offsets, its text and the text around it, and
   * where it is in the view; null when nothing of the article is selected.
   */
  function currentSelection () {
    const offsets = selectionOffsets ();
    const m = textMap ();
    let start;
    let end;

    if (!offsets)
      return null;
    start = offsets[0];
    end = offsets[1];

    return Object.assign ({
      start: start,
      end: end,
      exact: m.chars.slice (start, end).join (''),
      prefix: m.chars.slice (Math.max (0, start - CONTEXT), start).join (''),
      suffix: m.chars.slice (end, end + CONTEXT).join (''),
    }, rectOf (window.getSelection ().getRangeAt (0).getBoundingClientRect ()));
  }

  function reportSelection () {
    const found = currentSelection ();

    if (found)
      handler.postMessage (Object.assign ({ type: 'selection' }, found));
    else
      handler.postMessage ({ type: 'selection-cleared' });
  }

  document.addEventListener ('mouseup', function (event) {
    const mark = event.target instanceof Element
      ? event.target.closest ('mark[data-lectern-highlight]') : null;
    const selection = window.getSelection ();

    if (event.button !== 0)
      return;
    if (mark && selection && selection.isCollapsed) {
      handler.postMessage (Object.assign ({
        type: 'highlight-clicked',
        id: Number (mark.dataset.lecternHighlight),
      }, rectOf (mark.getBoundingClientRect ())));
      return;
    }
    reportSelection ();
  });

  document.addEventListener ('keyup', function (event) {
    if (event.shiftKey || event.key === 'Shift')
      reportSelection ();
  });

  document.addEventListener ('keydown', function (event) {
    const target = event.target;
    let found;

    if (event.key !== 'h' || event.ctrlKey || event.altKey || event.metaKey || event.repeat)
      return;
    if (target instanceof Element && (target.isContentEditable || target.closest ('input, textarea')))
      return;
    found = currentSelection ();
    if (!found)
      return;
    event.preventDefault ();
    handler.postMessage (Object.assign ({ type: 'highlight-key' }, found));
  });
}) ();
