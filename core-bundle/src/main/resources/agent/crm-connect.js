/*
 * crm-connect.js - a small, dependency-free browser client for crm-connector.
 *
 *   <script src="/agent/crm-connect.js"></script>
 *   const client = CrmConnect({ baseUrl: '', tenantId: 'demo', apiKey: 'demo-key', agentId: 'agent-1',
 *                               allowedOrigin: 'https://crm.example.com',      // optional: the embedding CRM page
 *                               commands: { clipboard: (args, pop) => ... } }); // optional: local command mapping
 *   client.on('screenPop', pop => ...);
 *   client.on('logSaved', saved => ...);      // { interactionId, legId?, stage, record?: { type, id, url? } }
 *   client.connect();
 *   await client.incomingCall({ conversationId, callerANI, partnerId });
 *
 * UMD: a plain <script> gets window.CrmConnect; CommonJS and AMD loaders get the factory.
 *
 * Streams: connect() opens two EventSource streams, the agent's event channel
 * (screenPop, agentStatus, click2dial, and each interaction's outcome: logSaved,
 * logFailed, interactionFinished) and the softphone callbacks (disposition,
 * partner_config, start_call, update_presence). EventSource cannot send headers,
 * so the API key travels as ?access_token= on these two GETs only; every other
 * request uses "Authorization: Bearer". EventSource reconnects on its own and
 * sends Last-Event-ID, so the server replays what was missed.
 *
 * Security:
 *  - postMessage from an embedding CRM page is accepted only when event.origin is
 *    exactly allowedOrigin (seed 000), and only in the CRMConnectMessage shape.
 *  - pops and log outcomes (screenPop, logSaved, logFailed) go to the parent window
 *    as CRMConnectMessages with allowedOrigin as target origin, never '*'.
 *  - a pop naming a command runs only a function of the page's own `commands`
 *    mapping; an unknown name is refused (event 'commandRefused'), never executed.
 */
(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define([], factory);
  } else if (typeof module === 'object' && module.exports) {
    module.exports = factory();
  } else {
    root.CrmConnect = factory();
  }
}(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var AGENT_EVENTS = ['screenPop', 'agentStatus', 'click2dial', 'logSaved', 'logFailed', 'interactionFinished'];
  // agent events the embedding CRM page gets too, as { type: MESSAGE_TYPE, action: <event>, data }
  var RELAYED_EVENTS = ['screenPop', 'logSaved', 'logFailed'];
  var CALLBACK_EVENTS = ['disposition', 'partner_config', 'start_call', 'update_presence'];
  var SOFTPHONE_EVENTS = ['incomingCall', 'callAccepted', 'callRejected', 'callEnded', 'callNotesSubmitted',
    'outboundCallInitiated', 'statusChanged'];
  var MESSAGE_TYPE = 'CRMConnectMessage';

  function CrmConnect(options) {
    var o = options || {};
    ['tenantId', 'apiKey', 'agentId'].forEach(function (k) {
      if (!o[k]) { throw new Error('CrmConnect: option ' + k + ' is required'); }
    });
    if (o.allowedOrigin === '*') {
      throw new Error('CrmConnect: allowedOrigin must be one exact origin, never "*"');
    }
    var win = o.window || (typeof window !== 'undefined' ? window : null);
    var ES = o.EventSource || (typeof EventSource !== 'undefined' ? EventSource : null);
    var doFetch = o.fetch || (typeof fetch !== 'undefined' ? fetch.bind(win || undefined) : null);
    var base = String(o.baseUrl || '').replace(/\/+$/, '') + '/api/v1/tenants/' + encodeURIComponent(o.tenantId);
    // copied into a prototype-less object so names like "constructor" or "__proto__" never resolve
    var commands = Object.create(null);
    Object.keys(o.commands || {}).forEach(function (name) {
      if (typeof o.commands[name] === 'function') { commands[name] = o.commands[name]; }
    });
    var handlers = Object.create(null);
    var sources = [];
    var listening = false;

    function emit(type, data, meta) {
      (handlers[type] || []).slice().forEach(function (fn) { call(fn, [data, meta], type); });
      if (type !== '*') {
        (handlers['*'] || []).slice().forEach(function (fn) { call(fn, [type, data, meta], '*'); });
      }
    }

    function call(fn, args, type) {
      try { fn.apply(null, args); } catch (e) {
        if (typeof console !== 'undefined') { console.error('CrmConnect handler for ' + type + ' failed', e); }
      }
    }

    function on(type, fn) {
      (handlers[type] = handlers[type] || []).push(fn);
      return function () { off(type, fn); };
    }

    function off(type, fn) {
      var list = handlers[type] || [];
      var i = list.indexOf(fn);
      if (i >= 0) { list.splice(i, 1); }
    }

    function streamUrl(path, withAgentQuery) {
      var q = 'access_token=' + encodeURIComponent(o.apiKey);
      if (withAgentQuery) { q += '&agentId=' + encodeURIComponent(o.agentId); }
      return base + path + '?' + q;
    }

    function open(name, url, events) {
      var es = new ES(url);
      es.onopen = function () { emit('open', { stream: name }); };
      es.onerror = function () {
        // readyState CONNECTING: the browser retries with Last-Event-ID; CLOSED: it gave up (e.g. 401)
        emit('streamError', { stream: name, closed: es.readyState === 2 });
      };
      events.forEach(function (type) {
        es.addEventListener(type, function (ev) {
          var data;
          try { data = JSON.parse(ev.data); } catch (e) { data = ev.data; }
          var meta = { stream: name, id: ev.lastEventId };
          if (type === 'screenPop') { handlePop(data, meta); }
          if (RELAYED_EVENTS.indexOf(type) >= 0) { relay(type, data); }
          emit(type, data, meta);
        });
      });
      sources.push(es);
      return es;
    }

    function connect() {
      if (!ES) { throw new Error('CrmConnect: EventSource is not available'); }
      disconnect();
      open('agent', streamUrl('/agents/' + encodeURIComponent(o.agentId) + '/events', false), AGENT_EVENTS);
      open('softphone', streamUrl('/softphone/callbacks', true), CALLBACK_EVENTS);
      if (win && o.allowedOrigin && !listening) {
        win.addEventListener('message', onMessage);
        listening = true;
      }
      return api;
    }

    function disconnect() {
      sources.forEach(function (es) { es.close(); });
      sources = [];
      if (win && listening) {
        win.removeEventListener('message', onMessage);
        listening = false;
      }
      return api;
    }

    function handlePop(pop, meta) {
      if (pop && pop.command) {
        var fn = commands[pop.command];
        if (typeof fn === 'function') {
          call(fn, [pop.args || [], pop], 'command ' + pop.command);
          emit('command', { command: pop.command, args: pop.args || [] }, meta);
        } else {
          emit('commandRefused', { command: pop.command, reason: 'no local mapping for this command' }, meta);
        }
      }
    }

    // only to an embedding parent, only with the one configured origin as target
    function relay(action, data) {
      if (win && o.allowedOrigin && win.parent && win.parent !== win) {
        win.parent.postMessage({ type: MESSAGE_TYPE, action: action, data: data }, o.allowedOrigin);
      }
    }

    function onMessage(event) {
      if (event.origin !== o.allowedOrigin) { return; }
      var msg = event.data;
      if (!msg || typeof msg !== 'object' || msg.type !== MESSAGE_TYPE || typeof msg.action !== 'string') { return; }
      emit('crmConnectMessage', msg, { origin: event.origin });
      sendCrmConnectMessage(msg.action, msg.data).then(function (answer) {
        emit('crmConnectReply', { action: msg.action, answer: answer });
      }, function (error) {
        emit('crmConnectReply', { action: msg.action, error: error });
      });
    }

    function request(method, path, body) {
      var init = { method: method, headers: { Authorization: 'Bearer ' + o.apiKey, Accept: 'application/json' } };
      if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      return doFetch(base + path, init).then(function (resp) {
        return resp.text().then(function (text) {
          var data = null;
          if (text) { try { data = JSON.parse(text); } catch (e) { data = text; } }
          if (!resp.ok) {
            var err = (data && data.error) || {};
            var e = new Error(err.message || ('HTTP ' + resp.status));
            e.status = resp.status;
            e.code = err.code;
            e.body = data;
            throw e;
          }
          return data;
        });
      });
    }

    function softphone(name, params) {
      var body = {};
      Object.keys(params || {}).forEach(function (k) { body[k] = params[k]; });
      if (!body.agentId) { body.agentId = o.agentId; }
      return request('POST', '/softphone/' + name, body);
    }

    function sendCrmConnectMessage(action, data) {
      return request('POST', '/crm-connect/messages?agentId=' + encodeURIComponent(o.agentId),
        { type: MESSAGE_TYPE, action: action, data: data });
    }

    var api = {
      on: on,
      off: off,
      connect: connect,
      disconnect: disconnect,
      /** POST crm-connect/messages: the seed-000 message, as an embedding CRM would send it. */
      sendCrmConnectMessage: sendCrmConnectMessage,
      click2dial: function (number, crmObject) {
        return request('POST', '/click2dial',
          { agentId: o.agentId, click2DialData: { clickToDialNumber: number, crmObject: crmObject || null } });
      },
      setPresence: function (softphoneId) {
        return request('POST', '/agents/' + encodeURIComponent(o.agentId) + '/presence', { softphoneId: softphoneId });
      },
      interaction: function (id) { return request('GET', '/interactions/' + encodeURIComponent(id)); },
      dispositions: function (id) { return request('GET', '/interactions/' + encodeURIComponent(id) + '/dispositions'); },
      request: request,
      options: { tenantId: o.tenantId, agentId: o.agentId, allowedOrigin: o.allowedOrigin || null }
    };
    SOFTPHONE_EVENTS.forEach(function (name) {
      api[name] = function (params) { return softphone(name, params); };
    });
    return api;
  }

  CrmConnect.MESSAGE_TYPE = MESSAGE_TYPE;
  return CrmConnect;
}));
