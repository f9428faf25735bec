import { createImageDataset, type ImageDataset } from "./image-dataset.js";
import { npyToImages, npyToLabels } from "./npy-to-dataset-arrays.js";
import { parseNpy } from "./parse-npy.js";
import { readFileBytes } from "./read-file-bytes.js";

/**
 * Reads an images NPY file (N×C×H×W or N×H×W; <f4, <f8 in [0, 1] or |u1) and a labels NPY file
 * (integer, [N] or [N, 1]) into a dataset.
 */
export async function readNpyDataset(
  imagesPath: string,
  labelsPath: string,
  classes?: number,
): Promise<ImageDataset> {
  const [imageBytes, labelBytes] = await Promise.all([readFileBytes(imagesPath), readFileBytes(labelsPath)]);
  const { images, shape } = npyToImages(parseNpy(imageBytes, imagesPath), imagesPath);
  const labels = npyToLabels(parseNpy(labelBytes, labelsPath), labelsPath);
  return createImageDataset(`${imagesPath} + ${labelsPath}`, images, labels, shape, classes);
}
