/* Portico live reload (served as /.portico/live-reload.js; see README "Live reload").
 *
 * In a page: asks the shared worker (this same file, run as a SharedWorker)
 * for changes, or opens its own EventSource where SharedWorker is missing.
 * In the worker: one EventSource for every tab of the origin, so a browser
 * holds one connection whatever the number of tabs. */
(function () {
  'use strict';
  var EVENTS = '/.portico/events';
  var WORKER = '/.portico/live-reload.js';

  /* Every event carries the server's count of changes as its SSE id: the
   * hello the count the stream starts from, a change its own number. */
  function listen(source, post) {
    source.addEventListener('hello', function (e) {
      post({ type: 'hello', id: e.data, seq: Number(e.lastEventId) });
    });
    source.addEventListener('change', function (e) {
      var paths = [];
      try { paths = JSON.parse(e.data); } catch (err) { paths = []; }
      post({ type: 'change', paths: paths, seq: Number(e.lastEventId) });
    });
  }

  if (typeof document === 'undefined') {
    /* the shared worker: its hello tells a tab joining later (or coming
     * back from the back/forward cache) the count as it is now */
    var ports = [];
    var hello = null;
    var source = null;
    self.onconnect = function (e) {
      var port = e.ports[0];
      ports.push(port);
      port.onmessage = function (m) {
        if (m.data === 'bye') {
          var i = ports.indexOf(port);
          if (i >= 0)
            ports.splice(i, 1);
        }
      };
      port.start();
      if (hello !== null)
        port.postMessage(hello);
      if (source === null) {
        source = new EventSource(EVENTS);
        listen(source, function (msg) {
          if (msg.type === 'hello')
            hello = msg;
          else if (hello !== null)
            hello = { type: 'hello', id: hello.id, seq: msg.seq };
          for (var i = 0; i < ports.length; i++)
            ports[i].postMessage(msg);
        });
      }
    };
    return;
  }

  /* the page: the server instance it came from is in the script's URL */
  var script = document.currentScript;
  var match = script && /[?&]id=([0-9a-f]+)/.exec(script.src);
  var instance = match ? match[1] : null;
  var reloading = false;

  function reload() {
    if (reloading)
      return;
    reloading = true;
    location.reload();
  }

  function sameFile(href, path) {
    var url;
    try { url = new URL(href, location.href); } catch (err) { return false; }
    if (url.origin !== location.origin)
      return false;
    var name = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    return name === path;
  }

  /* Every changed path a stylesheet: swap each matching <link> for a fresh
   * copy, loaded before the old one goes (no flash of unstyled content).
   * Anything else, or a stylesheet no link names: reload. */
  function change(paths) {
    if (paths.length === 0 || !paths.every(function (p) { return /\.css$/i.test(p); })) {
      reload();
      return;
    }
    var links = document.querySelectorAll('link[rel~="stylesheet"][href]');
    var swapped = 0;
    Array.prototype.forEach.call(links, function (link) {
      var path = paths.filter(function (p) { return sameFile(link.href, p); })[0];
      if (path === undefined)
        return;
      var url = new URL(link.href, location.href);
      url.searchParams.set('portico-reload', String(Date.now()));
      var fresh = link.cloneNode(false);
      fresh.href = url.href;
      fresh.onload = fresh.onerror = function () {
        if (link.parentNode)
          link.parentNode.removeChild(link);
      };
      link.parentNode.insertBefore(fresh, link.nextSibling);
      swapped++;
    });
    if (swapped === 0)
      reload();
  }

  /* The last change this page has (the server's count): a hello with a
   * higher one means changes went by while it was not listening (a
   * stream reconnecting, a page back from the back/forward cache). */
  var seen = null;

  function receive(msg) {
    if (msg.type === 'hello') {
      /* a server started since this page was served: reload once */
      if (instance !== null && msg.id !== instance)
        reload();
      else if (seen !== null && msg.seq > seen)
        reload();
      instance = msg.id;
      seen = msg.seq;
    } else if (msg.type === 'change') {
      change(msg.paths);
      seen = msg.seq;
    }
  }

  /* One registration: the shared worker's port, or this tab's own stream.
   * A page leaving (perhaps into the back/forward cache) unregisters; one
   * restored from it registers again and hears the count as it is now. */
  var registration = null;

  function register() {
    if (typeof SharedWorker === 'function') {
      try {
        var worker = new SharedWorker(WORKER, { name: 'portico-live-reload' });
        worker.port.onmessage = function (e) { receive(e.data); };
        worker.port.start();
        return {
          close: function () {
            worker.port.postMessage('bye');
            worker.port.onmessage = null;
          }
        };
      } catch (err) {
        /* fall through: one stream for this tab */
      }
    }
    var source = new EventSource(EVENTS);
    listen(source, receive);
    return { close: function () { source.close(); } };
  }

  registration = register();
  addEventListener('pagehide', function () {
    if (registration !== null)
      registration.close();
    registration = null;
  });
  addEventListener('pageshow', function (e) {
    if (e.persisted && registration === null && !reloading)
      registration = register();
  });
})();
