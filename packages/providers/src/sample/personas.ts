/** Shown next to every sample model's name, wherever it appears. */
export const SAMPLE_LABEL = 'offline sample, not a real model';

/** One sample model's voice. */
export interface SamplePersona {
  /** Model id (`sample:<id>`). */
  id: string;
  /** Display name. */
  name: string;
  /** How it writes: headed sections, a table, a caveat with code, or steps with an analogy. */
  style: 'sections' | 'table' | 'caveat' | 'steps';
  /** Whether it starts from the other side of a two-way question (so debates have something to settle). */
  contrarian: boolean;
  /** Its confidence, 0 to 1. */
  confidence: number;
}

/** The four sample models. */
export const samplePersonas: readonly SamplePersona[] = [
  { id: 'ada', name: 'Ada', style: 'sections', contrarian: false, confidence: 0.8 },
  { id: 'basil', name: 'Basil', style: 'table', contrarian: false, confidence: 0.7 },
  { id: 'cleo', name: 'Cleo', style: 'caveat', contrarian: true, confidence: 0.6 },
  { id: 'dara', name: 'Dara', style: 'steps', contrarian: false, confidence: 0.75 },
];
