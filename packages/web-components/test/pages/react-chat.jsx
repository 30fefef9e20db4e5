// A minimal React 19 page around <trialogue-chat>, written the way a React user would: properties
// as JSX props (React 19 sets them as properties on a custom element that has them), events as
// `ontrialogue-…` props (React 19 adds those as listeners), state updated from event details.
// Bundled by the test with esbuild; the element and the registry come from the script-tag file.
import { useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createRegistry, memoryKeyStore } from '/dist/trialogue.js';

function App({ keys, settings }) {
  const registry = useMemo(() => createRegistry({ keys: memoryKeyStore(keys), settings }), [keys, settings]);
  const [models, setModels] = useState(['openai:gpt-4.1-mini', 'anthropic:claude-haiku-4-5']);
  const [log, setLog] = useState([]);
  const note = (line) => setLog((lines) => [...lines, { id: lines.length + 1, line }]);
  return (
    <main>
      <h1>React page</h1>
      <button
        type="button"
        id="add-model"
        onClick={() => setModels((list) => [...list, 'google:gemini-2.5-flash'])}
      >
        Add Gemini
      </button>
      <trialogue-chat
        models={models}
        registry={registry}
        request={{ retry: { maxRetries: 0 } }}
        ontrialogue-turn-end={(event) => note(`${event.detail.label} ${event.detail.status}`)}
        ontrialogue-error={(event) => note(`${event.detail.label} error ${event.detail.error.kind}`)}
      />
      <ul id="framework-log">
        {log.map((entry) => (
          <li key={entry.id}>{entry.line}</li>
        ))}
      </ul>
    </main>
  );
}

window.start = (keys, settings) => {
  createRoot(document.getElementById('root')).render(<App keys={keys} settings={settings} />);
};
window.__ready = true;
