// The trained model this service answers with: examples/ml's one-epoch model (expected.json "model":
// learning rate 0.1, seed 2024, on data/train.csv), weights w1..w4 then the bias.
export const WEIGHTS: StaticArray<f64> = [1.68958941387637, -1.7111290899722438, 0.6296403956251041, 0.06614028086232363];
export const BIAS: f64 = 0.5047453713047021;
