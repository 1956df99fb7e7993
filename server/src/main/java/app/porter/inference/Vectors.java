package app.porter.inference;

/** Small vector arithmetic for unit-length embeddings. */
public final class Vectors {

    private Vectors() {
    }

    /** Dot product; for unit vectors, their cosine similarity. */
    public static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vector lengths differ: " + a.length + " vs " + b.length);
        }
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
