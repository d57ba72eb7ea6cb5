// The live page of signalboard-cli serve: tiles fed by /api/v1/events.
// Everything from the broker (topics, payloads, names, errors) goes into the
// page as text (textContent), never as HTML.
"use strict";

(function () {
  const tiles = new Map(); // "source\u0000topic" -> {element, value, age, state, time}
  const states = new Map(); // source -> {element, state, error}
  const tilesBox = document.getElementById("tiles");
  const sourcesBox = document.getElementById("sources");
  const empty = document.getElementById("empty");
  const link = document.getElementById("link");

  function element(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function valueText(message) {
    if ("value" in message) {
      if (message.value === null && message.value_error !== undefined) return null;
      return typeof message.value === "string" ? message.value : JSON.stringify(message.value);
    }
    if ("payload" in message) return message.payload;
    return "binary, " + Math.floor((message.payload_base64.length * 3) / 4) + " bytes";
  }

  function ageText(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return s + " s ago";
    if (s < 3600) return Math.floor(s / 60) + " min ago";
    if (s < 86400) return Math.floor(s / 3600) + " h ago";
    return Math.floor(s / 86400) + " d ago";
  }

  function sourceState(name) {
    return states.has(name) ? states.get(name).state : "connecting";
  }

  function onMessage(message) {
    const key = message.source + "\u0000" + message.topic;
    let tile = tiles.get(key);
    if (!tile) {
      const box = element("section", "tile");
      const value = element("div", "value");
      const meta = element("div", "meta");
      const age = element("span", "age");
      const source = element("span", "source state", message.source);
      box.append(element("div", "topic", message.topic), value, meta);
      meta.append(age, source);
      tile = { box: box, value: value, age: age, state: source, time: 0, source: message.source };
      tiles.set(key, tile);
      tilesBox.append(box);
      empty.hidden = true;
    }
    const text = valueText(message);
    if (text === null) {
      tile.value.textContent = message.value_error;
      tile.value.classList.add("error");
    } else {
      tile.value.textContent = text;
      tile.value.classList.remove("error");
    }
    tile.time = Date.parse(message.time);
    tile.box.dataset.state = sourceState(message.source);
    tile.state.dataset.state = tile.box.dataset.state;
    tile.age.textContent = ageText(Date.now() - tile.time);
  }

  function onState(state) {
    let entry = states.get(state.source);
    if (!entry) {
      const item = element("li", "state");
      const name = element("span", "name", state.source);
      const error = element("span", "error");
      item.append(name, error);
      sourcesBox.append(item);
      entry = { item: item, error: error };
      states.set(state.source, entry);
    }
    entry.state = state.state;
    entry.item.dataset.state = state.state;
    entry.item.title = state.state;
    entry.error.textContent = state.state === "connected" ? "" : state.state + (state.error ? ": " + state.error : "");
    for (const tile of tiles.values()) {
      if (tile.source === state.source) {
        tile.box.dataset.state = state.state;
        tile.state.dataset.state = state.state;
      }
    }
  }

  function connect() {
    const events = new EventSource("/api/v1/events");
    events.addEventListener("open", function () {
      link.dataset.state = "live";
      link.textContent = "live";
    });
    events.addEventListener("error", function () {
      link.dataset.state = "lost";
      link.textContent = "connection to the server lost, retrying…";
    });
    events.addEventListener("message", function (event) {
      onMessage(JSON.parse(event.data));
    });
    events.addEventListener("state", function (event) {
      onState(JSON.parse(event.data));
    });
  }

  // The sources and values when the page was served: every tile is there at
  // the first paint; the stream then repeats them and goes on live.
  function showInitial() {
    const block = document.getElementById("initial");
    let initial;
    try {
      initial = JSON.parse(block.textContent);
    } catch (e) {
      return;
    }
    for (const source of initial.sources.sources)
      onState({ source: source.name, state: source.state, error: source.error });
    for (const source of initial.values.sources) {
      for (const topic of source.topics) {
        topic.source = source.name;
        onMessage(topic);
      }
    }
  }

  showInitial();
  setInterval(function () {
    const now = Date.now();
    for (const tile of tiles.values()) tile.age.textContent = ageText(now - tile.time);
  }, 1000);
  connect();
})();
