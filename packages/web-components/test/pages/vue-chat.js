// A minimal Vue 3 page around <trialogue-chat>, written the way a Vue user would: the element
// declared custom (`isCustomElement`), properties bound with `.prop`, events with `@trialogue-…`.
// Bundled by the test with esbuild (Vue's full build, template compiled in the page); the element
// and the registry come from the script-tag file.
import { createApp, markRaw } from 'vue/dist/vue.esm-bundler.js';
import { createRegistry, memoryKeyStore } from '/dist/trialogue.js';

window.start = (keys, settings) => {
  const app = createApp({
    data: () => ({
      registry: markRaw(createRegistry({ keys: memoryKeyStore(keys), settings })),
      models: ['openai:gpt-4.1-mini', 'anthropic:claude-haiku-4-5'],
      request: { retry: { maxRetries: 0 } },
      log: [],
    }),
    methods: {
      onEnd(event) {
        this.log.push(`${event.detail.label} ${event.detail.status}`);
      },
      onError(event) {
        this.log.push(`${event.detail.label} error ${event.detail.error.kind}`);
      },
    },
    template: `
      <main>
        <h1>Vue page</h1>
        <button type="button" id="add-model" @click="models = [...models, 'google:gemini-2.5-flash']">Add Gemini</button>
        <trialogue-chat
          :models.prop="models"
          :registry.prop="registry"
          :request.prop="request"
          @trialogue-turn-end="onEnd"
          @trialogue-error="onError"
        ></trialogue-chat>
        <ul id="framework-log"><li v-for="(line, i) in log" :key="i">{{ line }}</li></ul>
      </main>`,
  });
  app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('trialogue-');
  app.mount('#root');
};
window.__ready = true;
