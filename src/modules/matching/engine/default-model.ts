import type { ModelParameters } from './model.ts';

/**
 * The model used until a partnership trains its own (`wholepicture match train`) and for files too
 * small to estimate from. The m and u figures are starting values of the order Splink's examples and
 * the synthetic population give; a file big enough is always scored with a model estimated from itself.
 */
export const DEFAULT_MODEL: ModelParameters = {
  version: 1,
  prior: 1e-5,
  comparisons: {
    forename: { m: [0.8, 0.05, 0.06, 0.03, 0.02, 0.01, 0.03], u: [0.01, 0.001, 0.001, 0.002, 0.004, 0.003, 0.979] },
    surname: { m: [0.82, 0.03, 0.05, 0.03, 0.02, 0.05], u: [0.005, 0.0005, 0.001, 0.003, 0.005, 0.9855] },
    dob: { m: [0.9, 0.03, 0.04, 0.02, 0.01], u: [0.00004, 0.00001, 0.0006, 0.012, 0.98735] },
    sex: { m: [0.98, 0.02], u: [0.5, 0.5] },
    address: { m: [0.6, 0.15, 0.04, 0.04, 0.04, 0.13], u: [0.0001, 0.0002, 0.004, 0.04, 0.1, 0.8557] },
    nhsNumber: { m: [0.99, 0.01], u: [0.000001, 0.999999] },
    identifiers: { m: [0.9, 0.05, 0.05], u: [0.0001, 0.0005, 0.9994] },
  },
  termFrequencies: {},
  thresholds: { autoLink: 0.99, review: 0.5 },
};
