/* The demo agent desktop: wires the form to crm-connect.js. Everything shown is set as text, never as HTML. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var client = null;
  var call = null;          // { conversationId, interactionId, acceptedAt, state }
  var partnerConfig = {};
  var popCount = 0;

  // The server names the tenant this page was served for (/agent/?tenant=<id>) and the one origin that tenant
  // allows to embed it (allowed.origin); the client talks to that origin only, and only for that tenant.
  function meta(name) {
    var el = document.querySelector('meta[name="' + name + '"]');
    return el ? el.getAttribute('content') : '';
  }
  var pageTenant = meta('crm-connector-tenant');
  var pageOrigin = meta('crm-connector-allowed-origin');
  if (pageTenant) { $('tenant').value = pageTenant; }
  $('allowedOrigin').textContent = pageOrigin || 'none';

  function embeddingOrigin(tenant) {
    return tenant === pageTenant && pageOrigin ? pageOrigin : undefined;
  }

  // The page's own command mapping (seed 004): a pop naming any other command is refused by the client.
  var commands = {
    clipboard: function (args) {
      var text = (args || []).join(' ');
      if (navigator.clipboard) { navigator.clipboard.writeText(text).catch(function () {}); }
      log('out', 'command clipboard', text);
    }
  };

  var STATUS_TEXT = {
    adapter_unavailable: 'Adapter unavailable',
    timeout: 'CRM did not answer in time',
    busy: 'Too many lookups in progress',
    crm_error: 'CRM error'
  };

  function log(dir, kind, data) {
    var li = document.createElement('li');
    li.className = dir;
    li.dataset.kind = kind;
    var t = document.createElement('span');
    t.className = 't';
    t.textContent = new Date().toLocaleTimeString();
    var k = document.createElement('span');
    k.className = 'k';
    k.textContent = (dir === 'in' ? '← ' : dir === 'out' ? '→ ' : '✕ ') + kind;
    li.appendChild(t);
    li.appendChild(k);
    if (data !== undefined) {
      var pre = document.createElement('pre');
      pre.textContent = typeof data === 'string' ? data : JSON.stringify(data);
      li.appendChild(pre);
    }
    var ol = $('log');
    ol.insertBefore(li, ol.firstChild);
    while (ol.children.length > 200) { ol.removeChild(ol.lastChild); }
  }

  function setStream(name, state) {
    var el = $(name === 'agent' ? 'agentStream' : 'softphoneStream');
    el.className = 'pill ' + state;
    el.textContent = (name === 'agent' ? 'agent events: ' : 'softphone callbacks: ') +
      (state === 'on' ? 'connected' : state === 'retry' ? 'reconnecting' : 'off');
  }

  function setCall(state) {
    if (call) { call.state = state; }
    $('callState').textContent = state;
    $('interactionId').textContent = call && call.interactionId ? call.interactionId : '–';
    var connected = !!client;
    $('ring').disabled = !connected || (call && ['ringing', 'talking', 'wrap-up'].indexOf(state) >= 0);
    $('accept').disabled = !connected || state !== 'ringing';
    $('reject').disabled = !connected || state !== 'ringing';
    $('hangup').disabled = !connected || state !== 'talking';
    $('submitNotes').disabled = !connected || state !== 'wrap-up';
  }

  function newConversationId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return 'conv-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
  }

  function send(name, params) {
    log('out', name, params);
    return client[name](params).then(function (answer) {
      log('in', name + ' reply', answer);
      return answer;
    }, function (e) {
      log('err', name + ' failed', (e.status ? e.status + ' ' : '') + (e.code ? e.code + ': ' : '') + e.message);
      throw e;
    });
  }

  // ---- pops --------------------------------------------------------------------------------------
  function showStatus(text, cls) {
    var s = $('popStatus');
    s.className = 'status ' + cls;
    s.textContent = text;
  }

  function onPop(pop) {
    var details = $('popDetails');
    details.textContent = '';
    var who = pop.ani ? ' for ' + pop.ani : '';
    if (pop.status !== 'ok') {
      var text = (STATUS_TEXT[pop.status] || pop.status) + who + (pop.message ? ': ' + pop.message : '');
      showStatus(text, pop.status === 'adapter_unavailable' ? 'warn' : 'error');
    } else if (pop.match === 'NONE') {
      showStatus('No CRM record matches' + who, 'warn');
    } else {
      showStatus((pop.match === 'ONE' ? 'Matched one CRM record' : (pop.matches || []).length + ' CRM records match') + who, 'ok');
    }
    $('popStatus').dataset.status = pop.status;
    if (pop.matches && pop.matches.length) {
      var ul = document.createElement('ul');
      ul.className = 'matches';
      pop.matches.forEach(function (m) {
        var li = document.createElement('li');
        li.textContent = (m.name || m.id) + (m.type ? ' (' + m.type + ')' : '');
        ul.appendChild(li);
      });
      details.appendChild(ul);
    }
    if (pop.command) { return; }   // handled (or refused) by the client's command mapping
    if (!pop.url || pop.visible === false) { return; }
    var url;
    try { url = new URL(pop.url, location.href); } catch (e) { log('err', 'pop refused', 'not a URL: ' + pop.url); return; }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      log('err', 'pop refused', 'only http(s) URLs are opened: ' + pop.url);
      return;
    }
    if (pop.target === 'request-tab') {
      openRequestTab(url.href, pop.title || 'CRM');
    } else {
      window.open(url.href, pop.target || '_blank', 'noopener');
      log('out', 'window.open', { url: url.href, target: pop.target || '_blank' });
    }
  }

  // Seed 004: a pop "in the request tab" gets a sub tab whose toggle button shows the title.
  function openRequestTab(href, title) {
    var id = 'pop-' + (++popCount);
    var tab = document.createElement('button');
    tab.className = 'tab';
    tab.dataset.tab = id;
    tab.setAttribute('role', 'tab');
    tab.textContent = title;
    tab.title = href;
    $('popTabs').appendChild(tab);
    var pane = document.createElement('div');
    pane.className = 'pane frame';
    pane.dataset.pane = id;
    var frame = document.createElement('iframe');
    frame.src = href;
    frame.title = title;
    frame.setAttribute('referrerpolicy', 'no-referrer');
    pane.appendChild(frame);
    $('popPanes').appendChild(pane);
    selectTab(id);
  }

  function selectTab(id) {
    Array.prototype.forEach.call(document.querySelectorAll('.tab'), function (t) {
      t.classList.toggle('active', t.dataset.tab === id);
    });
    Array.prototype.forEach.call(document.querySelectorAll('.pane'), function (p) {
      p.classList.toggle('active', p.dataset.pane === id);
    });
  }

  // ---- what became of the call: the CRM log and the connector's own finish ----------------------
  var MAX_OUTCOMES = 6;
  var FINISH_TEXT = { 'wrap-up-timeout': 'Wrap-up timed out', abandoned: 'Call abandoned' };
  var STAGE_TEXT = { ended: 'at hang-up', final: 'at wrap-up' };

  function httpUrl(text) {
    try {
      var u = new URL(text, location.href);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch (e) { return null; }
  }

  function part(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    el.textContent = text;
    return el;
  }

  // One line per outcome, newest first. key: a later event with the same key replaces the line
  // (the final log of a record after its "ended" one), so the agent sees where the log is now.
  function showOutcome(key, kind, cls, d, parts) {
    var ul = $('outcomes');
    var li = null;
    Array.prototype.forEach.call(ul.children, function (c) { if (c.dataset.key === key) { li = c; } });
    if (!li) { li = document.createElement('li'); }
    li.textContent = '';
    li.className = cls;
    li.dataset.key = key;
    li.dataset.kind = kind;
    li.dataset.interactionId = d.interactionId || '';
    li.dataset.stage = d.stage || '';
    parts.forEach(function (p) { li.appendChild(p); });
    if (d.interactionId) {
      li.appendChild(part('span', 'iid', (d.legId ? d.interactionId + ' · leg ' + d.legId : d.interactionId)));
    }
    ul.insertBefore(li, ul.firstChild);
    while (ul.children.length > MAX_OUTCOMES) { ul.removeChild(ul.lastChild); }
    ul.hidden = false;
  }

  function legKey(d) { return String(d.interactionId) + '#' + (d.legId || 0); }

  function onLogSaved(d) {
    d = d || {};
    var parts = [];
    var r = d.record;
    if (r && r.id) {
      parts.push(part('span', 'what', 'Logged in CRM: ' + (r.type ? r.type + ' ' : '') + r.id));
      var href = r.url ? httpUrl(r.url) : null;
      if (href) {
        var a = part('a', 'open', 'open');
        a.href = href;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        parts.push(document.createTextNode(' ('), a, document.createTextNode(')'));
      }
    } else {
      parts.push(part('span', 'what', 'Logged in CRM'));
    }
    if (STAGE_TEXT[d.stage]) { parts.push(part('span', 'stage', STAGE_TEXT[d.stage])); }
    showOutcome(legKey(d) + ' log', 'logSaved', 'ok', d, parts);
  }

  function onLogFailed(d) {
    d = d || {};
    var parts = [part('span', 'what', 'Log failed: ' + (d.error || 'unknown error') + ' (an operator can retry)')];
    if (d.deadLetterId !== undefined && d.deadLetterId !== null) {
      parts.push(part('span', 'stage', 'dead letter ' + d.deadLetterId));
    }
    showOutcome(legKey(d) + ' failed ' + d.deadLetterId, 'logFailed', 'error', d, parts);
  }

  function onInteractionFinished(d) {
    d = d || {};
    var text = FINISH_TEXT[d.reason] || ('Finished by the connector (' + d.reason + ')');
    if (d.disposition) {
      text += '; logged with disposition ' + d.disposition;
    } else {
      text += d.reason === 'wrap-up-timeout' ? '; logged without a disposition' : '; logged';
    }
    showOutcome(String(d.interactionId) + ' finished', 'interactionFinished', 'warn', d, [part('span', 'what', text)]);
    if (call && call.interactionId && call.interactionId === d.interactionId) {
      setCall(d.reason === 'wrap-up-timeout' ? 'finished (wrap-up timed out)' : 'finished (abandoned)');
    }
  }

  $('popTabs').addEventListener('click', function (e) {
    if (e.target.dataset && e.target.dataset.tab) { selectTab(e.target.dataset.tab); }
  });

  // ---- connection --------------------------------------------------------------------------------
  $('connect').addEventListener('click', function () {
    if (client) { client.disconnect(); }
    var tenant = $('tenant').value.trim();
    var agent = $('agentId').value.trim();
    var next;
    try {
      next = CrmConnect({
        baseUrl: '',
        tenantId: tenant,
        // demo only: this page plays the softphone, so it holds the tenant key; it never puts it in a URL
        apiKey: $('apiKey').value.trim(),
        agentId: agent,
        // demo only: an agent page embedded in a CRM gets its stream token from the CRM's backend instead
        streamToken: function () {
          return next.request('POST', '/agents/' + encodeURIComponent(agent) + '/stream-tokens');
        },
        allowedOrigin: embeddingOrigin(tenant),
        commands: commands
      });
    } catch (e) {
      log('err', 'connect', e.message);
      return;
    }
    client = next;
    client.on('open', function (d) { setStream(d.stream, 'on'); log('in', d.stream + ' stream open'); });
    client.on('streamError', function (d) {
      setStream(d.stream, d.closed ? 'off' : 'retry');
      if (d.closed) {
        log('err', d.stream + ' stream closed', d.error ? d.error.message : 'check tenant, key and agent');
      }
    });
    client.on('*', function (type, data) {
      if (['open', 'streamError'].indexOf(type) < 0) { log('in', type, data); }
    });
    client.on('disposition', function (codes) {
      var sel = $('disposition');
      sel.textContent = '';
      (codes || []).forEach(function (c) {
        var opt = document.createElement('option');
        opt.value = c;
        opt.textContent = c;
        sel.appendChild(opt);
      });
    });
    client.on('partner_config', function (cfg) { partnerConfig = cfg || {}; });
    client.on('screenPop', onPop);
    client.on('logSaved', onLogSaved);
    client.on('logFailed', onLogFailed);
    client.on('interactionFinished', onInteractionFinished);
    client.on('start_call', function (d) { $('callerNumber').value = d.dialTo || ''; });
    client.connect();
    $('disconnect').disabled = false;
    $('connect').textContent = 'Reconnect';
    setCall(call ? call.state : 'idle');
  });

  $('disconnect').addEventListener('click', function () {
    if (client) { client.disconnect(); }
    client = null;
    setStream('agent', 'off');
    setStream('softphone', 'off');
    $('disconnect').disabled = true;
    $('connect').textContent = 'Connect';
    setCall(call ? call.state : 'idle');
  });

  // ---- the simulated softphone ------------------------------------------------------------------
  function base() {
    return { partnerId: partnerConfig.partnerId, conversationId: call.conversationId };
  }

  $('ring').addEventListener('click', function () {
    call = { conversationId: newConversationId() };
    showStatus('Ringing… waiting for the screen pop.', 'idle');
    $('popStatus').dataset.status = '';
    $('popDetails').textContent = '';
    var p = base();
    p.callerANI = $('callerNumber').value.trim();
    p.language = 'en_US';
    setCall('ringing');
    send('incomingCall', p).then(function (a) { call.interactionId = a.interactionId; setCall('ringing'); },
      function () { setCall('idle'); });
  });

  $('accept').addEventListener('click', function () {
    var p = base();
    p.callerANI = $('callerNumber').value.trim();
    p.channelName = 'voice';
    p.recordingStatus = 'OFF';
    send('callAccepted', p).then(function () { call.acceptedAt = Date.now(); setCall('talking'); });
  });

  $('reject').addEventListener('click', function () {
    var p = base();
    p.reason = 'active';
    send('callRejected', p).then(function () { setCall('rejected'); });
  });

  $('hangup').addEventListener('click', function () {
    var p = base();
    var typed = $('duration').value;
    p.duration = typed !== '' ? Number(typed) : Math.round((Date.now() - (call.acceptedAt || Date.now())) / 1000);
    p.disposition = $('disposition').value || undefined;
    p.notes = $('notes').value || undefined;
    p.callType = 'inbound';
    send('callEnded', p).then(function () { setCall('wrap-up'); });
  });

  $('submitNotes').addEventListener('click', function () {
    var p = base();
    p.disposition = $('disposition').value || undefined;
    p.notes = $('notes').value || undefined;
    send('callNotesSubmitted', p).then(function () {
      // after wrap-up the interaction's data is gone: the API answers 410 INTERACTION_FINISHED
      return client.interaction(call.interactionId).then(function (i) {
        setCall('submitted (still live: ' + (i && i.state) + ')');
      }, function (e) {
        setCall(e.status === 410 ? 'finished' : 'submitted (' + (e.code || e.status) + ')');
        log('in', 'GET interaction', (e.status || '') + ' ' + (e.code || e.message));
      });
    });
  });

  $('clearLog').addEventListener('click', function () { $('log').textContent = ''; });

  setCall('idle');
  window.demoAgent = { get client() { return client; }, get call() { return call; } };
}());
